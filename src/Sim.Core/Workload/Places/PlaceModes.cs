namespace T2CSim.Core.Workload.Places;

/// <summary>The `workload.places.mode` names, and the `sites` sources of `nearest`.</summary>
public static class PlaceModes
{
    public const string Uniform = "uniform";
    public const string Weighted = "weighted";
    public const string Nearest = "nearest";

    public static readonly IReadOnlyList<string> Known = [Uniform, Weighted, Nearest];

    /// <summary>`sites: from_trace`: the devices are placed by KMeansSites on the trace.</summary>
    public const string SitesFromTrace = "from_trace";
    /// <summary>`sites: explicit`: every device carries its own latitude and longitude.</summary>
    public const string SitesExplicit = "explicit";

    public static readonly IReadOnlyList<string> KnownSites = [SitesFromTrace, SitesExplicit];
}
