namespace T2CSim.Core.Prediction;

using T2CSim.Core.Collections;

/// <summary>
/// The result's return as the controller measures it: per node, the median wall time from the end of
/// a stage to its result handled on the controller, over the logs of the scaling window. With a testbed
/// description the predictor counts the exit node's result (TestbedDescription.PredictedHopS); this is
/// what it counts once results have come back from that node, the description's calibrated ResultS
/// before (docs/validation.md, "The result's return, learned").
///
/// Why learned and why a median: on a tier under a CPU quota the return depends on what ran before it.
/// A stage that overran its quota leaves a debt the result's send pays in whole CFS periods (on the
/// device, 7.7 ms each: a result after a 2 to 5 ms stage took 13 to 22 ms on the testbed, after a short
/// one 0.3 to 3 ms), so the calibrated constant, fitted over the calibration workload's mix, is right
/// for neither a contended device nor a light one. The controller sees each result's wall, as it sees
/// each stage's runtime for the slides' scaling factors; the walls come in one or two periods' worth,
/// so their mean lies between the modes and above the median latency a prediction is compared with
/// (the reason the stage-inclusive variant, HardwareContinuum.ResultReturnInStage, over-predicted):
/// the median is kept. A node without a result in the window has none (NaN): the constant holds.
/// Cost: each log is queued and dropped once; per node a sorted list of the window's walls.
/// </summary>
public sealed class ResultReturns
{
    private readonly double _windowS;
    private readonly ChunkedQueue<(double TimeS, int Node, double WallS)> _log = new();
    private readonly List<double>[] _sorted;
    private readonly double[] _median;
    // Readers get a snapshot that never changes after it is handed out (a view keeps it for one
    // decision; a new one is made only after a log changed a median).
    private double[]? _snapshot;
    private double _lastTimeS = double.NegativeInfinity;

    public ResultReturns(int nodes, double windowS)
    {
        if (nodes <= 0) throw new ArgumentOutOfRangeException(nameof(nodes), "at least one node");
        if (!(windowS > 0)) throw new ArgumentOutOfRangeException(nameof(windowS), "the window must be positive");
        _windowS = windowS;
        _sorted = Enumerable.Range(0, nodes).Select(_ => new List<double>()).ToArray();
        _median = Enumerable.Repeat(double.NaN, nodes).ToArray();
    }

    /// <summary>One result of node <paramref name="node"/> took <paramref name="wallS"/> from its stage's end to the controller.</summary>
    public void Record(double timeS, int node, double wallS)
    {
        if (timeS < _lastTimeS) throw new ArgumentException($"log at {timeS} s is older than the previous one at {_lastTimeS} s");
        if ((uint)node >= (uint)_sorted.Length || !(wallS >= 0) || !double.IsFinite(wallS)) return;
        _lastTimeS = timeS;
        _log.Enqueue((timeS, node, wallS));
        var list = _sorted[node];
        int at = list.BinarySearch(wallS);
        list.Insert(at < 0 ? ~at : at, wallS);
        Update(node);
    }

    /// <summary>Per node, the median result wall of the window at <paramref name="nowS"/> (NaN: none); do not modify.</summary>
    public double[] Current(double nowS)
    {
        double oldest = nowS - _windowS;
        while (_log.Count > 0 && _log.Peek().TimeS <= oldest)
        {
            var (_, node, wall) = _log.Dequeue();
            var list = _sorted[node];
            list.RemoveAt(list.BinarySearch(wall));
            Update(node);
        }
        return _snapshot ??= (double[])_median.Clone();
    }

    private void Update(int node)
    {
        var list = _sorted[node];
        int n = list.Count;
        double median = n == 0 ? double.NaN : n % 2 == 1 ? list[n / 2] : (list[n / 2 - 1] + list[n / 2]) / 2;
        if (median.Equals(_median[node])) return;
        _median[node] = median;
        _snapshot = null;
    }
}
