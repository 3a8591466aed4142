namespace T2CSim.Core.Simulation;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;

/// <summary>
/// The lookup-table work of one job on one tier, in the order a partition runs it: the shared stem
/// positions once for all tasks (an exit head reading a stem position runs right after it), then
/// each task's branch positions and its exit head when the task exits on this tier.
/// </summary>
public readonly record struct StageWork(IReadOnlyList<StageWork.Step> Steps, double LookupS)
{
    /// <summary>Compute for `ComputeS` seconds (table value); then task `DoneSlot` has its result (-1: none).</summary>
    public readonly record struct Step(double ComputeS, int DoneSlot);

    public bool IsEmpty => Steps.Count == 0;

    public static StageWork For(ModelSpec model, InferenceJob job, PartitionPoints cuts, int tier)
    {
        int first = cuts.Start(tier), last = cuts.End(tier);
        var steps = new List<Step>();
        double total = 0;
        void Add(double s, int done)
        {
            steps.Add(new Step(s, done));
            total += s;
        }

        int deepest = 0;
        foreach (var (_, exit) in job.Tasks) deepest = Math.Max(deepest, exit.After);
        var stemTask = job.Tasks[0].Task;
        for (int p = first; p <= Math.Min(Math.Min(last, model.StemDepth), deepest); p++)
        {
            Add(stemTask.Path[p - 1].LatencyS[tier], -1);
            for (int slot = 0; slot < job.Tasks.Count; slot++)
                if (job.Tasks[slot].Exit.After == p) Add(job.Tasks[slot].Exit.LatencyS[tier], slot);
        }
        for (int slot = 0; slot < job.Tasks.Count; slot++)
        {
            var (task, exit) = job.Tasks[slot];
            if (exit.After <= model.StemDepth) continue;
            int from = Math.Max(first, model.StemDepth + 1), to = Math.Min(last, exit.After);
            for (int p = from; p <= to; p++) Add(task.Path[p - 1].LatencyS[tier], -1);
            if (cuts.TierOf(exit.After) == tier) Add(exit.LatencyS[tier], slot);
        }
        return new StageWork(steps, total);
    }
}
