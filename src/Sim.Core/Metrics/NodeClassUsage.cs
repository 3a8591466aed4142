namespace T2CSim.Core.Metrics;

using T2CSim.Core.Domain;

/// <summary>One node class over the run, or over one timeline bin: its busy cores and the slots its partitions hold.</summary>
/// <param name="BusyCoresMean">Cores computing, summed over the class's nodes, averaged over the time (core-seconds / seconds; NaN when the world does not count them).</param>
/// <param name="SlotsUsedMean">Slots held by deployed partitions, summed over the class's nodes, averaged over the samples.</param>
/// <param name="SlotsUsedPeak">The most slots held at one sample.</param>
public sealed record NodeClassFigures(string Class, int Nodes, int Cores, int Slots, double BusyCoresMean, double SlotsUsedMean, int SlotsUsedPeak)
{
    public double CoreUtilisation => Cores == 0 ? double.NaN : BusyCoresMean / Cores;
    public double SlotUtilisation => Slots == 0 ? double.NaN : SlotsUsedMean / Slots;
}

/// <summary>One link class in one timeline bin: the data it carried, in Mbps over the bin.</summary>
public sealed record LinkClassBin(double StartS, string Class, int Links, double Mbps);

/// <summary>
/// Metrics and timelines per node class and per link class (issue 12: "metrics and timelines per node
/// class and link"; docs/topology.md, "Metrics per node class and link"). A node's class is its lookup
/// table column (device, edge, cloud: `TierSpec.ClassName`; the chain's tiers are their own class); a
/// link's class is "sensor" or its ends' classes ("device-edge", "edge-cloud"). Sampled with the
/// timeline's samples (every RunDriver.SamplePeriodS), each sample one pass over the nodes and links:
/// O(nodes + links) per sample period, nothing per event. Busy cores are the world's core-seconds
/// (counted as each stage ends, so a stage's time falls in the bin where it ends), slots the resource
/// monitor's count at each sample, link data the bytes carried. Classes are listed in the order of the
/// first device's path, then any other.
/// </summary>
public sealed class NodeClassUsage
{
    private readonly int[] _classOfNode;
    private readonly int[] _classOfLink;
    private readonly int[] _cores, _slots, _nodes, _links;
    // Slot samples: time, and per class the slots held (flat: sample * classes + class).
    private readonly List<double> _slotTimes = [];
    private readonly List<int> _slotsUsed = [];
    // Cumulative samples (every slot sample, and the run's end): per node class core-seconds, per link class bytes.
    private readonly List<double> _times = [];
    private readonly List<double> _busyS = [];
    private readonly List<long> _bytes = [];

    public NodeClassUsage(Topology topology)
    {
        Topology = topology;
        var nodeClasses = new List<string>();
        static int ClassIndex(List<string> names, string name)
        {
            int i = names.IndexOf(name);
            if (i >= 0) return i;
            names.Add(name);
            return names.Count - 1;
        }
        foreach (int n in topology.Paths[0].Nodes) ClassIndex(nodeClasses, topology.Nodes[n].ClassName);
        _classOfNode = topology.Nodes.Select(n => ClassIndex(nodeClasses, n.ClassName)).ToArray();
        NodeClasses = nodeClasses;
        var linkClasses = new List<string>();
        foreach (int l in topology.Paths[0].Links) ClassIndex(linkClasses, LinkClass(topology, l));
        _classOfLink = Enumerable.Range(0, topology.Links.Count).Select(l => ClassIndex(linkClasses, LinkClass(topology, l))).ToArray();
        LinkClasses = linkClasses;
        _cores = new int[nodeClasses.Count];
        _slots = new int[nodeClasses.Count];
        _nodes = new int[nodeClasses.Count];
        for (int n = 0; n < _classOfNode.Length; n++)
        {
            _cores[_classOfNode[n]] += topology.Nodes[n].Cores;
            _slots[_classOfNode[n]] += topology.Nodes[n].Slots;
            _nodes[_classOfNode[n]]++;
        }
        _links = new int[linkClasses.Count];
        foreach (int c in _classOfLink) _links[c]++;
    }

    public Topology Topology { get; }
    public IReadOnlyList<string> NodeClasses { get; }
    public IReadOnlyList<string> LinkClasses { get; }

    /// <summary>"sensor" for a sensor link, else "childclass-parentclass".</summary>
    public static string LinkClass(Topology topology, int link)
    {
        var l = topology.Links[link];
        return l.Child < 0 ? "sensor" : $"{topology.Nodes[l.Child].ClassName}-{topology.Nodes[l.Parent].ClassName}";
    }

    /// <summary>
    /// One sample at `nowS`: slots held per node (the resource monitor), core-seconds computed so far per
    /// node (the world; NaN: not counted, as on the testbed) and data bytes carried so far per link.
    /// </summary>
    public void Sample(double nowS, Func<int, int> slotsUsed, Func<int, double> busyCoreS, Func<int, long> linkBytes)
    {
        int classes = NodeClasses.Count, start = _slotsUsed.Count;
        _slotTimes.Add(nowS);
        for (int c = 0; c < classes; c++) _slotsUsed.Add(0);
        for (int n = 0; n < _classOfNode.Length; n++) _slotsUsed[start + _classOfNode[n]] += slotsUsed(n);
        Cumulative(nowS, busyCoreS, linkBytes);
    }

    /// <summary>The run ends at `nowS`: the core-seconds and bytes up to then close the last bin.</summary>
    public void Close(double nowS, Func<int, double> busyCoreS, Func<int, long> linkBytes)
    {
        if (_times.Count == 0 || _times[^1] < nowS) Cumulative(nowS, busyCoreS, linkBytes);
    }

    private void Cumulative(double nowS, Func<int, double> busyCoreS, Func<int, long> linkBytes)
    {
        _times.Add(nowS);
        int nodeStart = _busyS.Count, linkStart = _bytes.Count;
        for (int c = 0; c < NodeClasses.Count; c++) _busyS.Add(0);
        for (int n = 0; n < _classOfNode.Length; n++) _busyS[nodeStart + _classOfNode[n]] += busyCoreS(n);
        for (int c = 0; c < LinkClasses.Count; c++) _bytes.Add(0);
        for (int l = 0; l < _classOfLink.Length; l++) _bytes[linkStart + _classOfLink[l]] += linkBytes(l);
    }

    /// <summary>Per node class over the whole run.</summary>
    public IReadOnlyList<NodeClassFigures> Summary() =>
        Figures(0, _slotTimes.Count, 0, Math.Max(0, _times.Count - 1));

    /// <summary>Per node class in `binS` bins over `durationS`: slots from the samples taken in [from, from + binS), busy cores between the cumulative samples at the bin's ends.</summary>
    public IReadOnlyList<(double StartS, NodeClassFigures Figures)> Timeline(double durationS, double binS = 5)
    {
        var result = new List<(double, NodeClassFigures)>();
        int bins = (int)Math.Ceiling(durationS / binS), first = 0;
        for (int b = 0; b < bins; b++)
        {
            double to = (b + 1) * binS;
            int last = first;
            while (last < _slotTimes.Count && _slotTimes[last] < to) last++;
            foreach (var f in Figures(first, last, At(b * binS), At(to))) result.Add((b * binS, f));
            first = last;
        }
        return result;
    }

    /// <summary>
    /// Per link class in `binS` bins: the bytes carried between the cumulative samples at the bin's
    /// start and end (the first at or after each; the run's end for the last bin), in Mbps over that time.
    /// </summary>
    public IReadOnlyList<LinkClassBin> LinkTimeline(double durationS, double binS = 5)
    {
        var result = new List<LinkClassBin>();
        int bins = (int)Math.Ceiling(durationS / binS), classes = LinkClasses.Count;
        for (int b = 0; b < bins; b++)
        {
            int from = At(b * binS), to = At((b + 1) * binS);
            double seconds = _times.Count == 0 ? 0 : _times[to] - _times[from];
            for (int c = 0; c < classes; c++)
            {
                double bytes = _times.Count == 0 ? 0 : _bytes[to * classes + c] - _bytes[from * classes + c];
                result.Add(new LinkClassBin(b * binS, LinkClasses[c], _links[c], seconds > 0 ? bytes * 8 / seconds / 1e6 : double.NaN));
            }
        }
        return result;
    }

    /// <summary>The first cumulative sample at or after `t` (the last one when none).</summary>
    private int At(double t)
    {
        // Binary search (the times are in order): a day-long run has 86,400 samples and 17,280 bins.
        int lo = 0, hi = Math.Max(0, _times.Count - 1);
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (_times[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private List<NodeClassFigures> Figures(int first, int last, int fromCum, int toCum)
    {
        int classes = NodeClasses.Count, count = last - first;
        double seconds = _times.Count == 0 ? 0 : _times[toCum] - _times[fromCum];
        var figures = new List<NodeClassFigures>(classes);
        for (int c = 0; c < classes; c++)
        {
            double slots = 0;
            int peak = 0;
            for (int s = first; s < last; s++)
            {
                slots += _slotsUsed[s * classes + c];
                peak = Math.Max(peak, _slotsUsed[s * classes + c]);
            }
            double busy = seconds > 0 ? (_busyS[toCum * classes + c] - _busyS[fromCum * classes + c]) / seconds : double.NaN;
            figures.Add(new NodeClassFigures(NodeClasses[c], _nodes[c], _cores[c], _slots[c], busy, count == 0 ? double.NaN : slots / count, peak));
        }
        return figures;
    }
}
