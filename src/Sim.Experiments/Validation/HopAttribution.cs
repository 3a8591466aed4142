namespace T2CSim.Experiments.Validation;

using System.Globalization;
using T2CSim.Core.Domain;
using T2CSim.Core.Execution;
using T2CSim.Experiments.Results;
using T2CSim.Hardware.Hil;

/// <summary>
/// Which hop carries a row's difference (docs/validation.md): per hop, the median of what the
/// testbed measured against the median of what the execution model gives the same jobs (the
/// scenario's testbed description, or the ideal world), and the hop with the largest gap:
///   link k      total (ready to arrival)   vs  send + bytes x 8 x factor / rate + propagation + wire
///   tier k      queue                      vs  receive under the tier's quota
///   tier k      compute                    vs  stage cost + the table's time x share x compute factor under the quota
///   result@k    return + controller        vs  the tier's result_ms (latency after the stage; its share of a busy quota is not replayed)
/// The CPU terms replayed on the tier's quota clock at a spread phase per job, as the calibration fit
/// does (CpuQuotaClock.BurstWallS). Queueing behind other jobs is in the measured side only (the
/// simulator's queue is in its own latency, not in a job's hops), so a loaded hop shows up too.
/// </summary>
public static class HopAttribution
{
    /// <param name="Against">What the measured side is compared with: "model" (the description's terms replayed
    /// for the measured jobs) or "sim" (the simulated run's own hop records of the same requests).</param>
    public sealed record HopGap(string Hop, double MeasuredS, double ModelledS, int Jobs, string Against = "model")
    {
        public double GapS => MeasuredS - ModelledS;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Hop}: measured {MeasuredS * 1000:0.0} ms, {Against} {ModelledS * 1000:0.0} ms ({GapS * 1000:+0.0;-0.0} ms, {Jobs} jobs)");
    }

    /// <summary>The hops both sides record the same way (SimHop, JobTrace): per link and tier and each result.</summary>
    private static bool Compared(string hop, string what) =>
        HopNames.IsLink(hop) ? what is "total" or "send" or "wire"
        : HopNames.IsNode(hop) ? what is "queue" or "compute"
        : HopNames.IsResult(hop) && what == "total";

    /// <summary>
    /// The simulated run against the testbed run of the same requests, hop by hop (docs/validation.md,
    /// "Hop records"): per (hop, component) the median over the measured jobs against the median over
    /// the simulated jobs, queueing included on both sides; ordered by the size of the gap. A hop only one
    /// side has (a tier one run computed on and the other did not) is left out.
    /// </summary>
    public static IReadOnlyList<HopGap> Simulated(IEnumerable<JobTrace> traces, IEnumerable<SimHop> simulated)
    {
        var measured = traces.SelectMany(t => t.Items()).Where(i => Compared(i.Hop, i.What) && double.IsFinite(i.Seconds))
            .GroupBy(i => $"{i.Hop} {i.What}").ToDictionary(g => g.Key, g => g.Select(i => i.Seconds).ToList(), StringComparer.Ordinal);
        var sim = simulated.Where(h => Compared(h.Hop, h.What))
            .GroupBy(h => $"{h.Hop} {h.What}").ToDictionary(g => g.Key, g => g.Select(h => h.Seconds).ToList(), StringComparer.Ordinal);
        return measured.Where(m => sim.ContainsKey(m.Key))
            .Select(m => new HopGap(m.Key, ValidationTable.Median(m.Value), ValidationTable.Median(sim[m.Key]), m.Value.Count, "sim"))
            .OrderByDescending(g => Math.Abs(g.GapS)).ThenBy(g => g.Hop, StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<HopGap> Gaps(IEnumerable<JobTrace> traces, Topology topology, TestbedDescription? testbed)
    {
        var tb = testbed ?? TestbedDescription.Ideal(topology.TierCount);
        var pairs = new Dictionary<string, List<(double Measured, double Modelled)>>(StringComparer.Ordinal);
        void Add(string hop, double measured, double modelled)
        {
            if (!double.IsFinite(measured)) return;
            if (!pairs.TryGetValue(hop, out var list)) pairs[hop] = list = [];
            list.Add((measured, modelled));
        }
        int job = 0;
        foreach (var trace in traces)
        {
            double phase = CpuQuotaClock.SpreadPhase(job++);
            double Burst(int k, double cpuS, double before = 0) => tb.Tiers[k].BurstWallS(cpuS, phase, before);
            var bytes = trace.Bytes().ToDictionary(b => b.Link, b => b.PayloadBytes);
            var items = trace.Items().ToList();
            double? returnS = null;
            foreach (var item in items)
            {
                // Hops by position k along the job's path (the chain: link k, tier k; a tree: the link's and
                // node's names), the description's terms by position (its class and link kind, TestbedPlaces).
                if (item.What == "total" && HopNames.ParseLink(topology, item.Hop) is var (l, k) && bytes.TryGetValue(k, out long b))
                {
                    var spec = topology.Links[l];
                    var link = tb.Links[k];
                    double rate = spec.CapacityBps - spec.BackgroundBps;
                    double send = k == 0 ? link.SendS : tb.FreshWallS(k - 1, link.SendS);
                    Add(item.Hop, item.Seconds, send + b * 8.0 * link.WireBytesFactor / rate + spec.PropagationS + link.WireS);
                }
                else if (HopNames.IsNode(item.Hop) && item.What == "queue" && HopNames.ParseNode(topology, item.Hop) is var (_, kq))
                {
                    Add($"{item.Hop} queue", item.Seconds, Burst(kq, tb.Tiers[kq].ReceiveS));
                }
                else if (HopNames.IsNode(item.Hop) && item.What == "compute" && HopNames.ParseNode(topology, item.Hop) is var (_, kc))
                {
                    double lookup = items.FirstOrDefault(i => i.Hop == item.Hop && i.What == "lookup").Seconds;
                    // The stage's CPU on the quota clock, then its wait for a host CPU (TierExecution.CpuWaitRatio).
                    double cpu = tb.Tiers[kc].StageS + lookup * tb.Tiers[kc].CpuPerTableSOf(Network(trace.Model));
                    Add($"{item.Hop} compute", item.Seconds, Burst(kc, cpu) + tb.Tiers[kc].CpuWaitRatio * cpu);
                }
                else if (HopNames.IsResult(item.Hop) && HopNames.ParseNode(topology, item.Hop) is var (_, kr))
                {
                    if (item.What == "return") returnS = item.Seconds;
                    else if (item.What == "controller" && returnS is { } r)
                    {
                        // The return after a stage is latency off the tier's quota (SimulatedContinuum): modelled as ResultS
                        // (beside a busy worker it shares the quota, which this attribution does not replay).
                        Add(item.Hop, r + item.Seconds, tb.Tiers[kr].ResultS);
                        returnS = null;
                    }
                }
            }
        }
        return pairs.Select(p => new HopGap(p.Key, ValidationTable.Median(p.Value.Select(v => v.Measured)), ValidationTable.Median(p.Value.Select(v => v.Modelled)), p.Value.Count))
            .OrderByDescending(g => Math.Abs(g.GapS)).ToList();
    }

    /// <summary>The network a trace's model runs: an instance (`sg-lite@intersection`) runs its declared model's.</summary>
    private static string Network(string model) => model.IndexOf('@') is var at and >= 0 ? model[..at] : model;
}
