namespace T2CSim.Core.Scenarios;

using T2CSim.Core.Workload;
using T2CSim.Core.Workload.Places;

/// <summary>
/// `workload.places:` -> PlaceWorkloadSpec: which device each request is for.
///   {mode: uniform}
///   {mode: weighted, weights: {DEVICE_OR_CLASS: w, ...}}
///   {mode: nearest, trace: PATH, sites: from_trace | explicit, site_seed: N}
/// Each mode accepts only its own keys, so a weight given to `uniform` is an error rather than ignored.
/// The trace (relative to the scenario) is read here, so its problems surface when the scenario loads.
/// </summary>
internal static class PlacesSection
{
    public static readonly string[] Keys = ["mode", "weights", "trace", "sites", "site_seed"];

    public static PlaceWorkloadSpec Bind(YamlMap workload, string directory)
    {
        var any = workload.Map("places", Keys);
        var mode = any.String("mode");
        switch (mode)
        {
            case PlaceModes.Uniform:
                YamlMap.Open(any.File, any.Path, workload.Required("places"), "mode");
                return new PlaceWorkloadSpec(mode, any.File, any.Path, []);
            case PlaceModes.Weighted:
            {
                var p = YamlMap.Open(any.File, any.Path, workload.Required("places"), "mode", "weights");
                var weights = p.Required("weights") is YamlDotNet.RepresentationModel.YamlMappingNode m
                    ? YamlMap.Open(p.File, p.Field("weights"), m, m.Children.Keys.Select(k => (k as YamlDotNet.RepresentationModel.YamlScalarNode)?.Value ?? "").ToArray())
                    : throw p.Error("weights", "expected a section of DEVICE_OR_CLASS: weight");
                var list = new List<PlaceWeight>();
                foreach (var key in weights.Keys)
                {
                    double w = weights.Double(key);
                    if (w < 0) throw weights.Error(key, $"{w}: a weight cannot be negative");
                    list.Add(new PlaceWeight(key, w, weights.Field(key)));
                }
                if (list.Count == 0) throw p.Error("weights", "no weight given");
                return new PlaceWorkloadSpec(mode, p.File, p.Path, list);
            }
            case PlaceModes.Nearest:
            {
                var p = YamlMap.Open(any.File, any.Path, workload.Required("places"), "mode", "trace", "sites", "site_seed");
                var sites = p.OptionalString("sites") ?? PlaceModes.SitesFromTrace;
                if (!PlaceModes.KnownSites.Contains(sites)) throw p.Error("sites", $"'{sites}' is not {string.Join(" or ", PlaceModes.KnownSites)}");
                if (sites != PlaceModes.SitesFromTrace && p.Optional("site_seed") is not null) throw p.Error("site_seed", "only sites: from_trace derives sites");
                long seed = p.Optional("site_seed") is null ? KMeansSites.DefaultSeed : p.Long("site_seed");
                var path = ScenarioLoader.ResolveFile(p, "trace", directory, "311 trace");
                TraceCoordinates trace;
                try { trace = TraceCoordinateReader.Read(path); }
                catch (UserInputException e) { throw p.Error("trace", e.Message); }
                return new PlaceWorkloadSpec(mode, p.File, p.Path, [], path, trace, sites, seed);
            }
            default:
                throw PlaceAssignments.UnknownMode(any.File, any.Field("mode"), mode);
        }
    }
}
