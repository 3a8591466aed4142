namespace T2CSim.Hardware.Hil;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Transport;

/// <summary>One measured component of a job's time: which hop (link k into tier k, or a task's result) and what.</summary>
public readonly record struct TraceItem(ulong Job, string Model, string Partition, string Hop, string What, double Seconds);

/// <summary>
/// The timestamps of one job on the testbed (docs/hardware.md, "Timing"), gathered by the controller
/// from the Job it sent, every tier's StageReport and every Result, and split per hop:
///
///   link k   total      upstream ready (previous stage's end, or the inference's start) -> arrival at tier k
///            send       upstream ready -> handed to the link (results sent first, encoding, hand-off)
///            wire       handed to the link -> off the data socket at tier k (shaping, propagation, TCP)
///            predicted  the thesis's Z / (0.9 (b - n)) + propagation, unscaled, link state at the start
///   tier k   queue      arrival -> stage start (decoding, hand-off to the worker, earlier jobs)
///            compute    stage start -> end;  lookup: the table's time for it (unscaled)
///            cpu        the CPU the agent's worker was charged for the stage (its thread's CPU clock)
///   result   return     the exit's agent sent it -> off the controller's result socket
///            controller off the socket -> handled on the controller's loop
///            latency    inference start -> handled (what the request is judged on)
///            total      the stage's end on that tier -> handled (the simulator's result hop)
/// </summary>
public sealed class JobTrace
{
    private readonly double[] _predictedTransferS;
    private readonly long[] _payloadBytes;
    private readonly (StageReportMessage Report, double LookupS)?[] _stages;
    private readonly List<(int Slot, int Tier, long SentNs, long HubNs, long LoopNs)> _results = [];

    private readonly (string[] Links, string[] Nodes)? _hops;

    /// <param name="hops">Hop names per position on a tree (the link into stage k, the node of stage k); null: the chain's `link{k}`, `tier{k}`.</param>
    public JobTrace(ulong id, ModelSpec model, InferenceJob job, long startNs, int tiers, Func<int, double> predictedTransferS,
        (string[] Links, string[] Nodes)? hops = null)
    {
        _hops = hops;
        Id = id;
        Model = model.Name;
        Partition = job.Partition.ToString();
        Tasks = job.Tasks.Select(t => t.Task.Name).ToArray();
        StartNs = startNs;
        var plan = Core.Domain.StagePlan.Of(model, job.Tasks, job.Partition);
        _predictedTransferS = Enumerable.Range(0, plan.LastTier + 1).Select(predictedTransferS).ToArray();
        _payloadBytes = Enumerable.Range(0, plan.LastTier + 1).Select(k => plan.BytesCrossing(model, job.Tasks, k)).ToArray();
        _stages = new (StageReportMessage, double)?[tiers];
    }

    public ulong Id { get; }
    public string Model { get; }
    public string Partition { get; }
    public string[] Tasks { get; }
    public long StartNs { get; }

    internal void Stage(StageReportMessage report, double lookupS)
    {
        if (report.TierIndex < _stages.Length) _stages[report.TierIndex] = (report, lookupS);
    }

    internal void Result(int slot, int tier, long sentNs, long hubNs, long loopNs) => _results.Add((slot, tier, sentNs, hubNs, loopNs));

    /// <summary>When the last result computed on `tier` came off the controller's socket (null: none yet).</summary>
    /// <summary>
    /// Each result of stage <paramref name="tier"/>: from the stage's end (<paramref name="endNs"/>, its
    /// report's timestamp) to handled on the controller's loop, as hops.csv's `result@… total` counts it.
    /// </summary>
    internal IEnumerable<double> ResultWallsS(int tier, long endNs)
    {
        foreach (var r in _results)
            if (r.Tier == tier && endNs != 0) yield return WireClock.Seconds(endNs, r.LoopNs);
    }

    internal long? LastResultNs(int tier)
    {
        long? last = null;
        foreach (var r in _results)
            if (r.Tier == tier && (last is null || r.HubNs > last)) last = r.HubNs;
        return last;
    }

    /// <summary>
    /// Per link the job crossed: the frame that arrived (envelope included) and the tensor bytes the
    /// simulator counts for it (StagePlan.BytesCrossing), for the calibration's wire fit.
    /// </summary>
    public IEnumerable<(int Link, int FrameBytes, long PayloadBytes)> Bytes()
    {
        for (int k = 0; k < _stages.Length && k < _payloadBytes.Length; k++)
            if (_stages[k] is var (r, _)) yield return (k, r.Times.InBytes, _payloadBytes[k]);
    }

    /// <summary>Each stage this job computed: the node's hop name and when it started and ended there (WireClock).</summary>
    public IEnumerable<(string Node, long StartNs, long EndNs)> ComputedStages()
    {
        for (int k = 0; k < _stages.Length; k++)
            if (_stages[k] is var (r, _) && r.Computed && r.Times.StartNs != 0 && r.Times.EndNs != 0)
                yield return (_hops is { } h ? h.Nodes[k] : $"tier{k}", r.Times.StartNs, r.Times.EndNs);
    }

    public IEnumerable<TraceItem> Items()
    {
        TraceItem Item(string hop, string what, double s) => new(Id, Model, Partition, hop, what, s);
        for (int k = 0; k < _stages.Length; k++)
        {
            string linkHop = _hops is { } h ? h.Links[k] : $"link{k}", tierHop = _hops is { } h2 ? h2.Nodes[k] : $"tier{k}";
            if (k < _predictedTransferS.Length) yield return Item(linkHop, "predicted", _predictedTransferS[k]);
            if (_stages[k] is not var (r, lookup)) continue;
            var t = r.Times;
            yield return Item(linkHop, "total", WireClock.Seconds(t.InReadyNs, t.ReceivedNs));
            yield return Item(linkHop, "send", WireClock.Seconds(t.InReadyNs, t.InSentNs));
            yield return Item(linkHop, "wire", WireClock.Seconds(t.InSentNs, t.ReceivedNs));
            if (!r.Computed) continue;
            yield return Item(tierHop, "queue", WireClock.Seconds(t.ReceivedNs, t.StartNs));
            yield return Item(tierHop, "compute", WireClock.Seconds(t.StartNs, t.EndNs));
            if (r.CpuS > 0) yield return Item(tierHop, "cpu", r.CpuS);
            yield return Item(tierHop, "lookup", lookup);
        }
        foreach (var (slot, tier, sent, hub, loop) in _results)
        {
            string hop = _hops is { } h && tier < h.Nodes.Length ? $"result@{h.Nodes[tier]}" : $"result@tier{tier}";
            yield return Item(hop, "return", WireClock.Seconds(sent, hub));
            yield return Item(hop, "controller", WireClock.Seconds(hub, loop));
            yield return Item(hop, "latency", WireClock.Seconds(StartNs, loop));
            // From the stage's end, as the simulator's hop records count a result (its encoding included).
            if (tier < _stages.Length && _stages[tier] is var (r, _) && r.Times.EndNs != 0)
                yield return Item(hop, "total", WireClock.Seconds(r.Times.EndNs, loop));
        }
    }
}
