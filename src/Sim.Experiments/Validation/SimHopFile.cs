namespace T2CSim.Experiments.Validation;

using T2CSim.Core.Execution;
using T2CSim.Experiments.Results;
using static T2CSim.Experiments.Results.CsvTable;

/// <summary>
/// sim-hops.csv: the simulated run's hop records (SimHop), in hops.csv's columns, so the two files of
/// a run pair read side by side (docs/validation.md, "Hop records").
/// </summary>
public static class SimHopFile
{
    public static void Write(string path, IEnumerable<SimHop> hops) =>
        CsvTable.Write(path, HopBreakdown.Header, hops.Select(h => (IReadOnlyList<string>)
            [Num(h.Job), h.Model, h.Partition, h.Hop, h.What, Num(h.Seconds)]));
}
