namespace T2CSim.Experiments.Calibration;

using System.Globalization;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Hil;

/// <summary>
/// The calibration samples of a HIL run's job traces (docs/hardware.md, "Timing"): link k's send and
/// wire (less its propagation, with the simulator's bytes x 8 / rate as the regressor), tier k's
/// queue as its receive, each stage's compute with its table time, and each result's return +
/// controller as its tier's result. Sends and results carry what ran before them on the same tier
/// (the stage's table time, the results sent before), as the agent runs them: compute, results, forward.
/// </summary>
public static class CalibrationSamples
{
    public static IEnumerable<HopSample> From(IEnumerable<JobTrace> traces, Topology topology)
    {
        var all = traces as IReadOnlyCollection<JobTrace> ?? traces.ToList();
        var idle = StageIdle.Of(all);
        foreach (var trace in all)
        {
            var payload = trace.Bytes().ToDictionary(b => b.Link, b => b.PayloadBytes);
            var items = trace.Items().Where(i => double.IsFinite(i.Seconds)).ToList();
            double Lookup(int tier) => items.FirstOrDefault(i => i.Hop == $"tier{tier}" && i.What == "lookup").Seconds;
            var resultsSent = new Dictionary<int, int>();
            var resultsOf = items.Where(i => i.Hop.StartsWith("result@tier", StringComparison.Ordinal) && i.What == "return")
                .GroupBy(i => Index(i.Hop, "result@tier".Length)).ToDictionary(g => g.Key, g => g.Count());
            double? returnS = null;
            foreach (var item in items)
            {
                if (item.Hop.StartsWith("link", StringComparison.Ordinal))
                {
                    int k = Index(item.Hop, 4);
                    var link = topology.Links[k];
                    if (item.What == "send")
                        yield return new HopSample(HopTerm.Send, k, item.Seconds, 0, k > 0 ? Lookup(k - 1) : 0, k > 0 ? resultsOf.GetValueOrDefault(k - 1) : 0);
                    else if (item.What == "wire" && payload.TryGetValue(k, out long bytes))
                        yield return new HopSample(HopTerm.Wire, k, item.Seconds - link.PropagationS, bytes * 8.0 / (link.CapacityBps - link.BackgroundBps));
                }
                else if (item.Hop.StartsWith("tier", StringComparison.Ordinal) && item.What == "compute")
                {
                    int k = Index(item.Hop, 4);
                    double lookup = Lookup(k);
                    var before = idle.TryGetValue((trace.Id, item.Hop), out var b) ? b : new StageIdle.Before(double.NaN, "");
                    if (lookup > 0) yield return new HopSample(HopTerm.Compute, k, item.Seconds, lookup, Network: trace.Model, IdleS: before.IdleS, PreviousNetwork: before.PreviousModel);
                }
                else if (item.Hop.StartsWith("tier", StringComparison.Ordinal) && item.What == "queue")
                    yield return new HopSample(HopTerm.Receive, Index(item.Hop, 4), item.Seconds);
                else if (item.Hop.StartsWith("result@tier", StringComparison.Ordinal))
                {
                    if (item.What == "return") returnS = item.Seconds;
                    else if (item.What == "controller" && returnS is { } r)
                    {
                        int k = Index(item.Hop, "result@tier".Length);
                        int before = resultsSent.GetValueOrDefault(k);
                        resultsSent[k] = before + 1;
                        yield return new HopSample(HopTerm.Result, k, r + item.Seconds, 0, Lookup(k), before);
                        returnS = null;
                    }
                }
            }
        }
    }

    private static int Index(string hop, int from) => int.Parse(hop[from..], CultureInfo.InvariantCulture);
}
