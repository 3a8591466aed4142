namespace T2CSim.Hardware.Profiling;

using T2CSim.Core.Domain;
using T2CSim.Hardware.Models;

/// <summary>Turns per-tier measurements of one network into its lookup table (docs/lookup-tables.md).</summary>
public static class ProfileTable
{
    /// <summary>
    /// One table with a latency column per tier. timingsPerTier[k] holds the measurements for
    /// tiers[k], all of the same network in the same piece order. The input row is the raw sensor
    /// frame, 48x48 8-bit grey (2304 bytes): what the sensor sends, not the float tensor built from it.
    /// </summary>
    public static LookupTable Build(string model, IReadOnlyList<string> tiers, IReadOnlyList<IReadOnlyList<PieceTiming>> timingsPerTier, IReadOnlyList<string> comments)
    {
        if (tiers.Count == 0 || tiers.Count != timingsPerTier.Count) throw new ArgumentException("one timing list per tier");
        var reference = timingsPerTier[0];
        foreach (var other in timingsPerTier)
        {
            if (other.Count != reference.Count) throw new ArgumentException($"{model}: tiers measured different pieces");
            for (int i = 0; i < reference.Count; i++)
                if (other[i].Name != reference[i].Name || other[i].Kind != reference[i].Kind)
                    throw new ArgumentException($"{model}: piece {i} is {reference[i].Name} on one tier and {other[i].Name} on another");
        }

        var rows = new List<LookupRow> { new("input", "", 0, "input", SensorFrame.Bytes, new double[tiers.Count], double.NaN) };
        for (int i = 0; i < reference.Count; i++)
        {
            var p = reference[i];
            var latency = timingsPerTier.Select(t => Math.Round(t[i].LatencyMs, 6)).ToArray();
            rows.Add(new LookupRow(p.Kind, p.Task, p.Position, p.Name, p.OutputBytes, latency, p.Accuracy));
        }
        return new LookupTable(model, tiers, rows, comments);
    }

    /// <summary>Reads back the timings of one tier column of a table written by <see cref="Build"/>.</summary>
    public static IReadOnlyList<PieceTiming> TimingsOf(LookupTable table, string tier)
    {
        int column = -1;
        for (int k = 0; k < table.Tiers.Count; k++)
            if (table.Tiers[k] == tier) column = k;
        if (column < 0) throw new ArgumentException($"table {table.Model} has no {tier} column");
        return table.Rows.Where(r => r.Kind != "input")
            .Select(r => new PieceTiming(r.Kind, r.Task, r.Position, r.Name, r.OutputBytes, r.LatencyMs[column], r.Accuracy))
            .ToArray();
    }
}
