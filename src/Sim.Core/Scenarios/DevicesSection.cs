namespace T2CSim.Core.Scenarios;

using T2CSim.Core.Domain;
using T2CSim.Core.Workload;

/// <summary>
/// `workload.devices:` which device a request is for, in a graph scenario (docs/topology.md):
///   {distribution: uniform}                         every device of the model alike (the default)
///   {distribution: weighted, weights: {cam-a: 3}}   by weight; devices not listed get none
///   {distribution: zipf, exponent: 1}               the i-th device (declaration order) weighs 1/i^exponent
/// </summary>
internal static class DevicesSection
{
    public static DeviceChoice? Bind(YamlMap w, ModelCatalog models, Topology topology)
    {
        if (w.Optional("devices") is null) return Choice(w, models, null);
        if (topology.IsChain) throw w.Error("devices", "the chain has one device: there is nothing to choose (devices belong to a tree topology)");
        var d = YamlMap.Open(w.File, w.Field("devices"), w.Required("devices"), "distribution", "weights", "exponent");
        switch (d.String("distribution"))
        {
            case "uniform":
                if (d.Optional("weights") is not null) throw d.Error("weights", "a uniform choice takes no weights");
                return Choice(w, models, null);
            case "weighted":
            {
                var byName = YamlMap.Open(d.File, d.Field("weights"), d.Required("weights"), topology.Devices.Select(n => topology.Nodes[n].Name).ToArray());
                var weights = new Dictionary<int, double>();
                foreach (var name in byName.Keys)
                {
                    double v = byName.Double(name);
                    if (!(v >= 0) || !double.IsFinite(v)) throw byName.Error(name, $"{v}: a weight is a non-negative number");
                    weights[topology.TierIndex(name)] = v;
                }
                return Choice(d, models, n => weights.GetValueOrDefault(n), "weights");
            }
            case "zipf":
            {
                double s = d.Double("exponent");
                if (!(s >= 0) || !double.IsFinite(s)) throw d.Error("exponent", $"{s}: the exponent is a non-negative number");
                var rank = new Dictionary<int, int>();
                for (int i = 0; i < topology.Devices.Count; i++) rank[topology.Devices[i]] = i + 1;
                return Choice(d, models, n => Math.Pow(rank[n], -s), "exponent");
            }
            default:
                throw d.Error("distribution", $"'{Printable.Escape(d.String("distribution"))}' is not uniform, weighted or zipf");
        }
    }

    /// <summary>
    /// workload.places given (the places module draws each request's device): workload.devices is then
    /// refused, and every model of the mix must be on every device, so each draw has an instance to go to.
    /// </summary>
    public static DeviceChoice ForPlaces(YamlMap w, Workload.Places.PlaceWorkloadSpec places, ModelCatalog models, Topology topology, IReadOnlyList<TaskShare> mix)
    {
        if (w.Optional("devices") is not null) throw w.Error("devices", "workload.places already says which device a request is for: give one of places and devices");
        var choice = DeviceChoice.ForPlaces(models, topology);
        foreach (var model in mix.Select(m => m.Model).Distinct())
            if (!choice.OnEveryDevice(model))
                throw w.Error("places", $"model {model} is not on every device, but places may send its requests to any (give it on: every device, or use workload.devices)");
        // What can be checked before a run on a tree: weight keys and explicit coordinates (PlaceAssignments
        // names the field). The chain's one device is checked when a run builds the assignment.
        if (topology.IsChain) return choice;
        if (places.Mode == Workload.Places.PlaceModes.Weighted) Workload.Places.PlaceAssignments.DeviceWeights(places, choice.PlaceDevices);
        if (places.Mode == Workload.Places.PlaceModes.Nearest && places.Sites == Workload.Places.PlaceModes.SitesExplicit)
            Workload.Places.PlaceAssignments.Sites(places, choice.PlaceDevices);
        return choice;
    }

    private static DeviceChoice? Choice(YamlMap m, ModelCatalog models, Func<int, double>? weight, string field = "distribution")
    {
        try { return DeviceChoice.For(models, weight); }
        catch (ArgumentException e) { throw m.Error(field, e.Message); }
    }
}
