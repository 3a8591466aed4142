namespace T2CSim.Core.Workload;

using T2CSim.Core.Domain;
using T2CSim.Core.Randomness;

/// <summary>
/// Which device (which instance, model@device) a request of a declared model is for, in a graph
/// scenario (docs/topology.md, "Workload per device"): uniform over the model's devices, or by a
/// weight per device. The mix still draws the (model, task); this draw, from its own stream, picks
/// the place, so a chain scenario (one instance per model) draws nothing here and is unchanged.
/// O(1) per request: the same alias table as workload.places' weighted draw (Places.AliasTable).
/// </summary>
public sealed class DeviceChoice
{
    public const string Stream = "workload:device";

    private readonly Dictionary<string, (string[] Instances, Places.AliasTable? Weighted)> _byModel;
    // workload.places: per declared model, its instance on each device (declaration order).
    private readonly Dictionary<string, string[]>? _onDevice;

    /// <summary>The devices as the places module sees them (declaration order), for workload.places.</summary>
    public IReadOnlyList<Places.PlaceDevice> PlaceDevices { get; private init; } = [];

    /// <summary>
    /// For workload.places (docs/topology.md): the places module draws the device, the request goes to
    /// its model's instance there. Every model of the mix must be on every device (checked when loaded).
    /// </summary>
    public static DeviceChoice ForPlaces(ModelCatalog catalog, Topology topology) => new(catalog, topology);

    private DeviceChoice(ModelCatalog catalog, Topology topology)
    {
        _byModel = new(StringComparer.Ordinal);
        _onDevice = new(StringComparer.Ordinal);
        foreach (var declared in catalog.Declared)
        {
            var byDevice = new string[topology.Devices.Count];
            foreach (var instance in catalog.InstancesOf(declared.Base))
                byDevice[instance.Path is { } p ? topology.PathIndexOfNode(p.Device) : 0] = instance.Name;
            _onDevice[declared.Base] = byDevice;
        }
        PlaceDevices = topology.Devices.Select((n, i) => new Places.PlaceDevice(i, topology.Nodes[n].Name, topology.Nodes[n].ClassName,
            topology.Nodes[n].Latitude is { } lat && topology.Nodes[n].Longitude is { } lon ? new Places.GeoPoint(lat, lon) : null)).ToArray();
    }

    /// <summary>Whether declared model `model` has an instance on every device (what workload.places needs).</summary>
    public bool OnEveryDevice(string model) => _onDevice![model].All(n => n is not null);

    /// <summary>The instance of declared model `model` on device `device` (declaration order), for workload.places.</summary>
    public string OnDevice(string model, int device) => _onDevice![model][device];

    /// <param name="weightOfDevice">Weight of the request share of device node `n` (null: every device alike).</param>
    public DeviceChoice(ModelCatalog catalog, Func<int, double>? weightOfDevice)
    {
        _byModel = new(StringComparer.Ordinal);
        foreach (var declared in catalog.Declared)
        {
            var instances = catalog.InstancesOf(declared.Base);
            Places.AliasTable? weighted = null;
            if (weightOfDevice is not null)
            {
                var weights = instances.Select(m => weightOfDevice(m.Path?.Device ?? 0)).ToArray();
                if (!(weights.Sum() > 0)) throw new ArgumentException($"model {declared.Base}: every device it is on has weight 0");
                weighted = new Places.AliasTable(weights);
            }
            _byModel[declared.Base] = (instances.Select(m => m.Name).ToArray(), weighted);
        }
    }

    /// <summary>Null when every declared model has one instance named as itself (the chain): nothing to choose.</summary>
    public static DeviceChoice? For(ModelCatalog catalog, Func<int, double>? weightOfDevice) =>
        catalog.Models.All(m => m.Path is null) ? null : new DeviceChoice(catalog, weightOfDevice);

    /// <summary>The instance of declared model `model` a request goes to.</summary>
    public string Choose(string model, RandomStream random)
    {
        var (instances, weighted) = _byModel[model];
        if (instances.Length == 1) return instances[0];
        return instances[weighted is null ? random.NextInt(instances.Length) : weighted.Draw(random)];
    }
}
