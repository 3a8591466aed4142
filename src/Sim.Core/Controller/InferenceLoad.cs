namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;
using T2CSim.Core.Prediction;

/// <summary>
/// The work queued on each tier and link, as the controller knows it from the inferences it started
/// and the progress the world reports back (StageDone, TransferDone, TaskDone): the same callbacks in
/// the simulator and on the testbed, so the load-aware predictor needs nothing more from either world.
///
/// Per inference in flight it keeps the predicted compute of its stage on each tier (lookup table ×
/// the tier's scaling factor when it started, as the predictor) and the bytes it sends over each link;
/// a stage's work leaves the queue when the world reports that stage done, a link's bytes when the
/// transfer is done, and everything left when the job's last task has its result.
/// </summary>
public sealed class InferenceLoad
{
    /// <summary>One inference in flight and what it still has to do.</summary>
    public sealed class Job
    {
        internal Job(InferenceJob inference, Deployment deployment, double[] computeS, long[] bytes)
        {
            Inference = inference;
            Deployment = deployment;
            ComputeS = computeS;
            Bytes = bytes;
        }

        internal InferenceJob Inference { get; }
        public Deployment Deployment { get; }
        /// <summary>Predicted compute of its stage per tier; 0 where it computes nothing (done at once).</summary>
        internal double[] ComputeS { get; }
        /// <summary>Bytes it sends over each link; 0 where it sends nothing.</summary>
        internal long[] Bytes { get; }
        internal int TasksLeft { get; set; }
    }

    private readonly Topology _topology;
    private readonly Dictionary<InferenceJob, Job> _jobs = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Deployment, double[]> _deploymentWork = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Deployment, int[]> _deploymentStages = new(ReferenceEqualityComparer.Instance);
    private readonly double[] _tierWork;
    private readonly int[] _tierStages;
    private readonly long[] _linkBytes;
    // Each model has its own sensor link (docs/controller.md), so link 0's queue is per model.
    private readonly Dictionary<string, long> _sensorBytes = new(StringComparer.Ordinal);

    public InferenceLoad(Topology topology)
    {
        _topology = topology;
        // Queues of shared resources are per node and per link; a job's own arrays are per path position.
        _tierWork = new double[topology.NodeCount];
        _tierStages = new int[topology.NodeCount];
        _linkBytes = new long[topology.Links.Count];
    }

    public int JobsInFlight => _jobs.Count;

    /// <summary>An inference starts: its predicted work joins the queues of its path.</summary>
    public Job Start(Deployment deployment, InferenceJob job, ReadOnlySpan<double> tau)
    {
        var model = deployment.Model;
        int tiers = _topology.TierCount;
        var path = _topology.PathOf(model);
        var compute = new double[tiers];
        var bytes = new long[tiers];
        var plan = StagePlan.Of(model, job.Tasks, job.Partition);
        for (int k = 0; k <= plan.LastTier && k < tiers; k++)
        {
            bytes[k] = plan.BytesCrossing(model, job.Tasks, k);
            compute[k] = tau[path.Nodes[k]] * plan.Work(job.Tasks, k).LookupS;
        }
        var entry = new Job(job, deployment, compute, bytes) { TasksLeft = job.Tasks.Count };
        _jobs[job] = entry;
        var work = DeploymentWork(deployment, out var stages);
        for (int k = 0; k < tiers; k++)
        {
            if (compute[k] > 0)
            {
                work[k] += compute[k];
                stages[k]++;
                _tierWork[path.Nodes[k]] += compute[k];
                _tierStages[path.Nodes[k]]++;
            }
            AddBytes(k, path.Links[k], model.Name, bytes[k]);
        }
        return entry;
    }

    /// <summary>
    /// Work announced before it starts: the first inference of a deployment just planned, which will
    /// start when the deployment is up. Counted like a job in flight until Release, so that the
    /// requests planned for the next new deployments see it on the tiers and links they share.
    /// </summary>
    public Job Reserve(Deployment deployment, InferenceJob job, ReadOnlySpan<double> tau) => Start(deployment, job, tau);

    /// <summary>Withdraws a reservation (or a job that will not report back): everything it still holds leaves the queues.</summary>
    public void Release(Job job)
    {
        if (!_jobs.ContainsKey(job.Inference)) return;
        job.TasksLeft = 1;
        TaskDone(job.Inference);
    }

    /// <summary>A deployment's agents are lost: its inferences will never report back, so they leave the queues now.</summary>
    public void ReleaseAll(Deployment deployment)
    {
        foreach (var job in _jobs.Values.Where(j => ReferenceEquals(j.Deployment, deployment)).ToList()) Release(job);
    }

    /// <summary>The job's stage on `tier` is done: its work leaves that tier's queue.</summary>
    public void StageDone(Job job, int tier)
    {
        if (tier < 0 || tier >= job.ComputeS.Length || job.ComputeS[tier] <= 0) return;
        double s = job.ComputeS[tier];
        job.ComputeS[tier] = 0;
        var work = DeploymentWork(job.Deployment, out var stages);
        work[tier] -= s;
        if (--stages[tier] == 0) work[tier] = 0; // no drift once the queue is empty
        int node = _topology.PathOf(job.Deployment.Model).Nodes[tier];
        _tierWork[node] -= s;
        if (--_tierStages[node] == 0) _tierWork[node] = 0;
    }

    /// <summary>The job's data crossed `link`: its bytes leave that link's queue.</summary>
    public void TransferDone(Job job, int link)
    {
        if (link < 0 || link >= job.Bytes.Length || job.Bytes[link] <= 0) return;
        AddBytes(link, _topology.PathOf(job.Deployment.Model).Links[link], job.Deployment.Model.Name, -job.Bytes[link]);
        job.Bytes[link] = 0;
    }

    /// <summary>One of the job's tasks has its result; after the last, whatever it still held is released.</summary>
    public void TaskDone(InferenceJob inference)
    {
        if (!_jobs.TryGetValue(inference, out var job) || --job.TasksLeft > 0) return;
        for (int k = 0; k < job.ComputeS.Length; k++)
        {
            StageDone(job, k);
            TransferDone(job, k);
        }
        _jobs.Remove(inference);
    }

    /// <summary>
    /// The queueing term of a new inference of `task` at `exit` under `cuts` (docs/algorithms.md,
    /// "Load-aware prediction"): on each tier it computes on, the larger of the work queued on its own
    /// partition (`deployment`'s, which runs one inference at a time; null for a new deployment) and the
    /// tier's whole queued work spread over its cores; on each link it crosses, the bytes queued there
    /// over the bandwidth the slides' formula gives a transfer, 0.9 (b − n). Propagation is not
    /// counted: the request's own transfer pays it once. +infinity when a crossed link with queued
    /// bytes has no bandwidth left.
    /// </summary>
    public double QueueS(Deployment? deployment, ModelSpec model, ExitSpec exit, PartitionPoints cuts, NetworkState net)
    {
        int exitTier = cuts.TierOf(exit.After);
        double[]? own = deployment is not null && _deploymentWork.TryGetValue(deployment, out var w) ? w : null;
        double total = 0;
        var path = _topology.PathOf(model);
        for (int k = 0; k <= exitTier && k < _topology.TierCount; k++)
        {
            int link = path.Links[k], node = path.Nodes[k];
            long queuedBytes = k == 0 ? _sensorBytes.GetValueOrDefault(model.Name) : _linkBytes[link];
            if (queuedBytes > 0)
                total += LatencyPredictor.TransferTime(queuedBytes, net.CapacityBps[link], net.ThroughputBps[link], 0);
            if (cuts.Runs(k, exit.After))
                total += Math.Max(own?[k] ?? 0, _tierWork[node] / Math.Max(1, _topology.Nodes[node].Cores));
        }
        return total;
    }

    private double[] DeploymentWork(Deployment deployment, out int[] stages)
    {
        if (!_deploymentWork.TryGetValue(deployment, out var work))
        {
            _deploymentWork[deployment] = work = new double[_topology.TierCount];
            _deploymentStages[deployment] = new int[_topology.TierCount];
        }
        stages = _deploymentStages[deployment];
        return work;
    }

    /// <param name="position">The link's position on the path (0: the model's own sensor link).</param>
    private void AddBytes(int position, int link, string model, long bytes)
    {
        if (bytes == 0) return;
        if (position == 0) _sensorBytes[model] = _sensorBytes.GetValueOrDefault(model) + bytes;
        else _linkBytes[link] += bytes;
    }
}
