namespace T2CSim.Experiments.Calibration;

using System.Globalization;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Hil;

/// <summary>
/// The calibration samples of a HIL run's job traces (docs/hardware.md, "Timing"): link k's send and
/// wire (less its propagation, with the simulator's bytes x 8 / rate as the regressor), tier k's
/// queue as its receive, and each result's return + controller as its tier's result.
/// </summary>
public static class CalibrationSamples
{
    public static IEnumerable<HopSample> From(IEnumerable<JobTrace> traces, Topology topology)
    {
        foreach (var trace in traces)
        {
            var payload = trace.Bytes().ToDictionary(b => b.Link, b => b.PayloadBytes);
            double? returnS = null;
            foreach (var item in trace.Items())
            {
                if (!double.IsFinite(item.Seconds)) continue;
                if (item.Hop.StartsWith("link", StringComparison.Ordinal))
                {
                    int k = int.Parse(item.Hop[4..], CultureInfo.InvariantCulture);
                    var link = topology.Links[k];
                    if (item.What == "send") yield return new HopSample(HopTerm.Send, k, item.Seconds);
                    else if (item.What == "wire" && payload.TryGetValue(k, out long bytes))
                        yield return new HopSample(HopTerm.Wire, k, item.Seconds - link.PropagationS, bytes * 8.0 / (link.CapacityBps - link.BackgroundBps));
                }
                else if (item.Hop.StartsWith("tier", StringComparison.Ordinal) && item.What == "compute")
                {
                    double lookup = trace.Items().FirstOrDefault(i => i.Hop == item.Hop && i.What == "lookup").Seconds;
                    if (lookup > 0) yield return new HopSample(HopTerm.Compute, int.Parse(item.Hop[4..], CultureInfo.InvariantCulture), item.Seconds, lookup);
                }
                else if (item.Hop.StartsWith("tier", StringComparison.Ordinal) && item.What == "queue")
                    yield return new HopSample(HopTerm.Receive, int.Parse(item.Hop[4..], CultureInfo.InvariantCulture), item.Seconds);
                else if (item.Hop.StartsWith("result@tier", StringComparison.Ordinal))
                {
                    if (item.What == "return") returnS = item.Seconds;
                    else if (item.What == "controller" && returnS is { } r)
                    {
                        yield return new HopSample(HopTerm.Result, int.Parse(item.Hop["result@tier".Length..], CultureInfo.InvariantCulture), r + item.Seconds);
                        returnS = null;
                    }
                }
            }
        }
    }
}
