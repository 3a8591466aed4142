namespace T2CSim.Core.Workload.Places;

/// <summary>A `workload.places.weights` entry: a device name or a device class, its weight, and its field for messages.</summary>
public sealed record PlaceWeight(string Key, double Weight, string Field);

/// <summary>
/// The scenario's `workload.places` section, self-contained: which device each request is for.
/// Bound without knowing the devices (PlacesSection); PlaceAssignments.Build checks it against
/// them, naming File and the fields, and builds the strategy.
/// </summary>
/// <param name="Mode">uniform | weighted | nearest (PlaceModes).</param>
/// <param name="Field">Where the section is, e.g. "workload.places", for messages.</param>
/// <param name="Weights">weighted: per device name or per device class (a weight each device of the class gets).</param>
/// <param name="Trace">nearest: the located rows of the trace (read when the scenario is loaded).</param>
/// <param name="Sites">nearest: from_trace (KMeansSites) or explicit (the devices' own coordinates).</param>
/// <param name="SiteSeed">from_trace: the k-means++ seed; part of the scenario, not the run seed, so repeats share device places.</param>
public sealed record PlaceWorkloadSpec(
    string Mode,
    string File,
    string Field,
    IReadOnlyList<PlaceWeight> Weights,
    string? TracePath = null,
    TraceCoordinates? Trace = null,
    string Sites = PlaceModes.SitesFromTrace,
    long SiteSeed = KMeansSites.DefaultSeed);
