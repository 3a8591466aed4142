namespace T2CSim.Core.Workload.Places;

/// <summary>
/// Nearest site of a plane point, exactly (same squared distance as brute force, PlanePoint.DistanceSquared),
/// ties to the lowest site index. A k-d tree rather than a uniform grid because requests and the
/// sites derived from them cluster (LA's 8,246 located rows sit on 6,705 distinct spots): a grid
/// sized for the mean density has crowded cells downtown and empty ones at sea, while median splits
/// adapt. Leaves hold up to LeafSize sites, stored contiguously so a query scans arrays, not objects.
/// </summary>
public sealed class NearestSiteIndex
{
    private const int LeafSize = 8;

    // Sites permuted into tree order.
    private readonly double[] _x, _y;
    private readonly int[] _site;
    // Nodes as parallel arrays (a query touches only what it needs): internal nodes have Axis 0 (x) or
    // 1 (y), Split, and children Left/Right; leaves have Axis -1 and sites Left..Right-1.
    private readonly int[] _axis, _left, _right;
    private readonly double[] _split;

    public int Count => _site.Length;

    public NearestSiteIndex(IReadOnlyList<PlanePoint> sites)
    {
        if (sites.Count == 0) throw new ArgumentException("no sites to index");
        foreach (var s in sites)
            if (!double.IsFinite(s.X) || !double.IsFinite(s.Y)) throw new ArgumentException($"site {s} is not a finite point");
        var order = Enumerable.Range(0, sites.Count).ToArray();
        var nodes = new List<(int Axis, double Split, int Left, int Right)>();
        Build(nodes, order, sites, 0, order.Length);
        _x = order.Select(i => sites[i].X).ToArray();
        _y = order.Select(i => sites[i].Y).ToArray();
        _site = order;
        _axis = nodes.Select(n => n.Axis).ToArray();
        _split = nodes.Select(n => n.Split).ToArray();
        _left = nodes.Select(n => n.Left).ToArray();
        _right = nodes.Select(n => n.Right).ToArray();
    }

    private static int Build(List<(int Axis, double Split, int Left, int Right)> nodes, int[] order, IReadOnlyList<PlanePoint> sites, int from, int to)
    {
        int id = nodes.Count;
        if (to - from <= LeafSize)
        {
            nodes.Add((-1, 0, from, to));
            return id;
        }
        // Split the wider extent at its median; equal coordinates are ordered by site index so the
        // build, and hence every answer, is the same on every run.
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (int i = from; i < to; i++)
        {
            var p = sites[order[i]];
            minX = Math.Min(minX, p.X); maxX = Math.Max(maxX, p.X);
            minY = Math.Min(minY, p.Y); maxY = Math.Max(maxY, p.Y);
        }
        int axis = maxX - minX >= maxY - minY ? 0 : 1;
        Func<int, double> key = axis == 0 ? i => sites[i].X : i => sites[i].Y;
        Array.Sort(order, from, to - from, Comparer<int>.Create((a, b) =>
        {
            int c = key(a).CompareTo(key(b));
            return c != 0 ? c : a.CompareTo(b);
        }));
        int mid = (from + to) / 2;
        double split = key(order[mid]);
        nodes.Add(default); // reserve the slot; children follow
        int left = Build(nodes, order, sites, from, mid);
        int right = Build(nodes, order, sites, mid, to);
        // Left holds coordinates <= split, right >= split: the pruning in Search relies on it.
        nodes[id] = (axis, split, left, right);
        return id;
    }

    /// <summary>Index of the nearest site (lowest index among equally near ones).</summary>
    public int Nearest(PlanePoint q)
    {
        if (!double.IsFinite(q.X) || !double.IsFinite(q.Y)) throw new ArgumentException($"query {q} is not a finite point");
        int best = -1;
        double bestD2 = double.PositiveInfinity;
        Search(0, q.X, q.Y, ref best, ref bestD2);
        return best;
    }

    private void Search(int node, double qx, double qy, ref int best, ref double bestD2)
    {
        int axis = _axis[node];
        if (axis < 0)
        {
            for (int i = _left[node], end = _right[node]; i < end; i++)
            {
                double dx = qx - _x[i], dy = qy - _y[i];
                double d2 = dx * dx + dy * dy;
                if (d2 < bestD2 || (d2 == bestD2 && _site[i] < best))
                {
                    bestD2 = d2;
                    best = _site[i];
                }
            }
            return;
        }
        double diff = (axis == 0 ? qx : qy) - _split[node];
        Search(diff < 0 ? _left[node] : _right[node], qx, qy, ref best, ref bestD2);
        // Every site beyond the split is at least |diff| away along the axis, and rounding is
        // monotonic, so its d2 >= diff²: skip only when that is strictly worse (an equal one may tie
        // with a lower index).
        if (diff * diff <= bestD2) Search(diff < 0 ? _right[node] : _left[node], qx, qy, ref best, ref bestD2);
    }

    /// <summary>The reference answer: every site, same distance, same tie rule.</summary>
    public static int BruteForce(IReadOnlyList<PlanePoint> sites, PlanePoint q)
    {
        int best = -1;
        double bestD2 = double.PositiveInfinity;
        for (int i = 0; i < sites.Count; i++)
        {
            double d2 = q.DistanceSquared(sites[i]);
            if (d2 < bestD2) { bestD2 = d2; best = i; }
        }
        return best;
    }
}
