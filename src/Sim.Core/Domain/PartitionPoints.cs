namespace T2CSim.Core.Domain;

/// <summary>
/// Where a model is cut across the chain of tiers: Cuts[k] is the last backbone position run on
/// tiers 0..k, so tier k runs positions Cuts[k-1]+1 .. Cuts[k] (Cuts[-1] = 0, the last tier runs
/// the rest). With three tiers these are the slides' (p, p'): device runs 1..p, edge p+1..p',
/// cloud p'+1..L. A cut of 0 before a tier means the raw input is forwarded past it.
/// </summary>
public sealed class PartitionPoints : IEquatable<PartitionPoints>
{
    private readonly int[] _cuts;
    // Every request started on a deployment records its partition as text: one string per cut
    // vector instead of one per inference (the cuts never change).
    private string? _text;

    public PartitionPoints(params int[] cuts)
    {
        for (int i = 0; i < cuts.Length; i++)
        {
            if (cuts[i] < 0) throw new ArgumentException($"partition point {i} is negative ({cuts[i]})");
            if (i > 0 && cuts[i] < cuts[i - 1]) throw new ArgumentException($"partition points must not decrease: {string.Join(",", cuts)}");
        }
        _cuts = (int[])cuts.Clone();
    }

    public IReadOnlyList<int> Cuts => _cuts;
    public int Count => _cuts.Length;

    /// <summary>The slides' p: last position on the device.</summary>
    public int P => _cuts[0];
    /// <summary>The slides' p': last position on the edge.</summary>
    public int PPrime => _cuts[1];

    /// <summary>First position run by tier k (1-based), i.e. Cuts[k-1]+1.</summary>
    public int Start(int tier) => tier == 0 ? 1 : _cuts[tier - 1] + 1;

    /// <summary>Last position run by tier k; int.MaxValue for the last tier.</summary>
    public int End(int tier) => tier < _cuts.Length ? _cuts[tier] : int.MaxValue;

    /// <summary>The tier that runs backbone position `position` (1-based).</summary>
    public int TierOf(int position)
    {
        for (int k = 0; k < _cuts.Length; k++)
            if (position <= _cuts[k]) return k;
        return _cuts.Length;
    }

    /// <summary>Whether tier k runs at least one layer of a path whose exit reads position `exitAfter`.</summary>
    public bool Runs(int tier, int exitAfter) => Start(tier) <= Math.Min(End(tier), exitAfter);

    /// <summary>Every partition of positions 0..maxDepth over `tiers` tiers, in lexicographic order of cuts.</summary>
    public static IEnumerable<PartitionPoints> All(int tiers, int maxDepth)
    {
        var cuts = new int[tiers - 1];
        foreach (var c in Enumerate(cuts, 0, 0, maxDepth)) yield return new PartitionPoints(c);
    }

    private static IEnumerable<int[]> Enumerate(int[] cuts, int k, int from, int maxDepth)
    {
        if (k == cuts.Length) { yield return cuts; yield break; }
        for (int c = from; c <= maxDepth; c++)
        {
            cuts[k] = c;
            foreach (var r in Enumerate(cuts, k + 1, c, maxDepth)) yield return r;
        }
    }

    public bool Equals(PartitionPoints? other) => other is not null && _cuts.AsSpan().SequenceEqual(other._cuts);
    public override bool Equals(object? obj) => Equals(obj as PartitionPoints);
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var c in _cuts) h.Add(c);
        return h.ToHashCode();
    }
    public override string ToString() => _text ??= "(" + string.Join(",", _cuts) + ")";
}
