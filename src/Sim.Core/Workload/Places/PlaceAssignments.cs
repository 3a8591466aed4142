namespace T2CSim.Core.Workload.Places;

using T2CSim.Core.Randomness;

/// <summary>Builds the strategy a PlaceWorkloadSpec names for a list of devices; problems are one-line UserInputExceptions.</summary>
public static class PlaceAssignments
{
    /// <summary>The random stream every strategy draws from (one purpose: nothing else moves).</summary>
    public const string Stream = "workload:places";

    /// <param name="devices">In declaration order: devices[i].Index == i.</param>
    /// <param name="startHour">`workload.start_hour`: the hour of day at simulated time 0.</param>
    public static IPlaceAssignment Build(PlaceWorkloadSpec spec, IReadOnlyList<PlaceDevice> devices, RandomStreams streams, double startHour)
    {
        if (devices.Count == 0) throw new UserInputException(spec.File, spec.Field, "the topology has no device to tie requests to");
        for (int i = 0; i < devices.Count; i++)
            if (devices[i].Index != i) throw new ArgumentException($"device '{devices[i].Name}' has index {devices[i].Index} at position {i}");
        var random = streams.Stream(Stream);
        return spec.Mode switch
        {
            PlaceModes.Uniform => new UniformPlaces(devices.Count, random),
            PlaceModes.Weighted => new WeightedPlaces(DeviceWeights(spec, devices), random),
            PlaceModes.Nearest => new NearestPlaces(spec.Trace ?? throw new UserInputException(spec.File, $"{spec.Field}.trace", "missing (required by nearest)"),
                Sites(spec, devices), startHour, random),
            _ => throw UnknownMode(spec.File, $"{spec.Field}.mode", spec.Mode),
        };
    }

    public static UserInputException UnknownMode(string file, string field, string mode) =>
        new(file, field, $"'{mode}' is not a place mode (known: {string.Join(", ", PlaceModes.Known)})");

    /// <summary>A device's weight is its name's entry, else its class's, else 0.</summary>
    public static double[] DeviceWeights(PlaceWorkloadSpec spec, IReadOnlyList<PlaceDevice> devices)
    {
        var names = devices.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var classes = devices.Select(d => d.Class).ToHashSet(StringComparer.Ordinal);
        foreach (var w in spec.Weights)
        {
            bool name = names.Contains(w.Key), cls = classes.Contains(w.Key);
            if (name && cls) throw new UserInputException(spec.File, w.Field, "is both a device name and a device class; rename one");
            if (!name && !cls)
                throw new UserInputException(spec.File, w.Field, $"names no device or device class (classes: {string.Join(", ", classes.Order(StringComparer.Ordinal))})");
        }
        var byKey = spec.Weights.ToDictionary(w => w.Key, w => w.Weight, StringComparer.Ordinal);
        var weights = devices.Select(d => byKey.TryGetValue(d.Name, out var x) ? x : byKey.TryGetValue(d.Class, out var c) ? c : 0.0).ToArray();
        if (!(weights.Sum() > 0)) throw new UserInputException(spec.File, $"{spec.Field}.weights", "every device's weight is zero: no request could be placed");
        return weights;
    }

    /// <summary>Device i's place: derived from the trace, or the device's own coordinates.</summary>
    public static IReadOnlyList<GeoPoint> Sites(PlaceWorkloadSpec spec, IReadOnlyList<PlaceDevice> devices)
    {
        string field = $"{spec.Field}.sites";
        if (spec.Sites == PlaceModes.SitesExplicit)
            return devices.Select(d => d.Location is { OnGlobe: true } p ? p
                : throw new UserInputException(spec.File, field, $"explicit, but device '{d.Name}' has no latitude and longitude on the globe")).ToArray();
        if (spec.Sites != PlaceModes.SitesFromTrace)
            throw new UserInputException(spec.File, field, $"'{spec.Sites}' is not {string.Join(" or ", PlaceModes.KnownSites)}");
        var trace = spec.Trace ?? throw new UserInputException(spec.File, $"{spec.Field}.trace", "missing (required by sites: from_trace)");
        try { return KMeansSites.Derive(trace.Points.Select(p => p.Location).ToArray(), devices.Count, spec.SiteSeed).Sites; }
        catch (ArgumentException e) { throw new UserInputException(spec.File, field, $"cannot place {devices.Count} devices on {Path.GetFileName(trace.Source)}: {e.Message}"); }
    }
}
