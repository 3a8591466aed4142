namespace T2CSim.Core.Metrics;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;

/// <summary>One device's requests over a run: how many arrived for its model instances and how each ended.</summary>
/// <param name="Instances">Model instances bound to the device's sensors (the chain: every model).</param>
/// <param name="Ran">Requests that ran to an exit (served or missed): the satisfied ratio's and the mean latency's denominator, as in the summary.</param>
public sealed record DeviceOutcome(string Device, string Class, int Instances, OutcomeCounts Counts, int Ran, double SatisfiedRatio, double MeanLatencyS)
{
    public int Arrived => Counts.Total;
}

/// <summary>
/// The run's requests per device (docs/topology.md, "Commands on graph scenarios"): a request is for
/// its model instance, and the instance is bound to one device's path (the chain: the one device). The
/// same outcome classes as summary.csv (OutcomeCounts), so the devices' rows sum to the summary's and
/// each row conserves its requests (arrived = served + missed + unserved). Devices in declaration order.
/// </summary>
public static class DeviceOutcomes
{
    public static IReadOnlyList<DeviceOutcome> Of(Topology topology, ModelCatalog models, IEnumerable<RequestRecord> requests)
    {
        var index = new Dictionary<int, int>();
        foreach (var path in topology.Paths) index.TryAdd(path.Device, index.Count);
        var byDevice = new List<RequestRecord>[index.Count];
        for (int d = 0; d < byDevice.Length; d++) byDevice[d] = [];
        var instances = new int[index.Count];
        foreach (var m in models.Models) instances[index[topology.PathOf(m).Device]]++;
        foreach (var r in requests)
        {
            // A request names a model of the catalog (the controller refuses others at submission).
            var model = models[r.Request.Model];
            byDevice[index[topology.PathOf(model).Device]].Add(r);
        }
        return index.Select(e =>
        {
            var mine = byDevice[e.Value];
            var counts = OutcomeCounts.Of(mine);
            var ran = mine.Where(r => r.Ran).ToList();
            var node = topology.Nodes[e.Key];
            return new DeviceOutcome(node.Name, node.ClassName, instances[e.Value], counts, ran.Count,
                ran.Count == 0 ? 0 : (double)counts.Served / ran.Count, ran.Count == 0 ? 0 : ran.Average(r => r.LatencyS));
        }).ToList();
    }
}
