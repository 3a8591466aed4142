namespace T2CSim.Experiments.Sweeps;

using System.Globalization;
using T2CSim.Core;

/// <summary>
/// Shard Index of Count: the cells whose position in the plan's order is Index modulo Count. Dealt
/// round-robin rather than in blocks so that every shard gets its share of the heavy cells (high
/// multipliers, slow algorithms) and the shards of a cluster job finish together. The slice depends
/// on the plan alone, so every machine computes the same one, and `t2c merge` restores the plan's
/// order by dealing the shards' rows back: cell k is row k / Count of shard k mod Count.
/// </summary>
public sealed record SweepShard(int Index, int Count)
{
    public const string File = "shard.txt";

    public IReadOnlyList<SweepCell> Of(IReadOnlyList<SweepCell> cells) => [.. cells.Where((_, k) => k % Count == Index)];

    /// <summary>How many of `total` cells shard `index` of `count` holds.</summary>
    public static int Size(int index, int count, int total) => total <= index ? 0 : (total - index + count - 1) / count;

    public override string ToString() => $"{Index.ToString(CultureInfo.InvariantCulture)}/{Count.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>`i/N` with 0 ≤ i &lt; N.</summary>
    public static SweepShard Parse(string text, string field = "--shard")
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            throw new UserInputException(null, field, $"'{text}' is not i/N (e.g. 0/4)");
        if (n < 1 || i >= n) throw new UserInputException(null, field, $"'{text}': the shard index must be 0..N-1 and N at least 1");
        return new SweepShard(i, n);
    }

    /// <summary>shard.txt: which slice a folder holds and of how many cells, for `t2c merge` to check.</summary>
    public string Describe(int totalCells) =>
        $"shard {this}\ncells {totalCells.ToString(CultureInfo.InvariantCulture)}\n";

    public static (SweepShard Shard, int Cells) Read(string dir)
    {
        string path = Path.Combine(dir, File);
        if (!System.IO.File.Exists(path)) throw new UserInputException(path, null, "not found: is this the output of `t2c sweep --shard`?");
        var lines = System.IO.File.ReadAllLines(path).Select(l => l.Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!lines.TryGetValue("shard", out var shard) || !lines.TryGetValue("cells", out var cells)
            || !int.TryParse(cells, NumberStyles.None, CultureInfo.InvariantCulture, out int total))
            throw new UserInputException(path, null, "expected the lines 'shard i/N' and 'cells C'");
        return (Parse(shard, path), total);
    }
}
