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
    // Nodes: internal (Axis 0 = x, 1 = y; children Left, Right) or leaf (Axis -1; sites From..To-1).
    private readonly List<Node> _building = [];
    private readonly Node[] _nodes;

    private readonly record struct Node(int Axis, double Split, int Left, int Right, int From, int To);

    public int Count => _site.Length;

    public NearestSiteIndex(IReadOnlyList<PlanePoint> sites)
    {
        if (sites.Count == 0) throw new ArgumentException("no sites to index");
        foreach (var s in sites)
            if (!double.IsFinite(s.X) || !double.IsFinite(s.Y)) throw new ArgumentException($"site {s} is not a finite point");
        var order = Enumerable.Range(0, sites.Count).ToArray();
        Build(order, sites, 0, order.Length);
        _x = order.Select(i => sites[i].X).ToArray();
        _y = order.Select(i => sites[i].Y).ToArray();
        _site = order;
        _nodes = _building.ToArray();
    }

    private int Build(int[] order, IReadOnlyList<PlanePoint> sites, int from, int to)
    {
        int id = _building.Count;
        if (to - from <= LeafSize)
        {
            _building.Add(new Node(-1, 0, -1, -1, from, to));
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
        _building.Add(default); // reserve the slot; children follow
        int left = Build(order, sites, from, mid);
        int right = Build(order, sites, mid, to);
        // Left holds coordinates <= split, right >= split: the pruning in Search relies on it.
        _building[id] = new Node(axis, split, left, right, 0, 0);
        return id;
    }

    /// <summary>Index of the nearest site (lowest index among equally near ones).</summary>
    public int Nearest(PlanePoint q)
    {
        if (!double.IsFinite(q.X) || !double.IsFinite(q.Y)) throw new ArgumentException($"query {q} is not a finite point");
        int best = -1;
        double bestD2 = double.PositiveInfinity;
        Search(0, q, ref best, ref bestD2);
        return best;
    }

    private void Search(int nodeId, PlanePoint q, ref int best, ref double bestD2)
    {
        var node = _nodes[nodeId];
        if (node.Axis < 0)
        {
            for (int i = node.From; i < node.To; i++)
            {
                double dx = q.X - _x[i], dy = q.Y - _y[i];
                double d2 = dx * dx + dy * dy;
                if (d2 < bestD2 || (d2 == bestD2 && _site[i] < best))
                {
                    bestD2 = d2;
                    best = _site[i];
                }
            }
            return;
        }
        double diff = (node.Axis == 0 ? q.X : q.Y) - node.Split;
        int near = diff < 0 ? node.Left : node.Right, far = diff < 0 ? node.Right : node.Left;
        Search(near, q, ref best, ref bestD2);
        // Every site beyond the split is at least |diff| away along the axis, and rounding is
        // monotonic, so its d2 >= diff²: skip only when that is strictly worse (an equal one may tie
        // with a lower index).
        if (diff * diff <= bestD2) Search(far, q, ref best, ref bestD2);
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
