namespace T2CSim.Core.Prediction;

using T2CSim.Core.Collections;
using T2CSim.Core.Controller;

/// <summary>
/// The slides' scaling factors: per tier, tau = mean(runtime / predicted compute latency) over the
/// logs of the last window (ControllerSettings.ScalingWindowS). They correct the lookup table for
/// what it does not capture at run time (contention, a slower machine). A tier with no log in the
/// window keeps tau = 1: the table is trusted until there is evidence against it.
/// Cost: each log is queued once and dropped once, with running sums, so Record and Current are
/// amortised O(1) per tier. Logs must be recorded in non-decreasing time, as a simulation does.
/// The same windowed mean serves the link scaling factors (measured / predicted transfer, one entry
/// per link: ResourceMonitor.LinkFactors), so entries are numbered neutrally: tier or link.
/// </summary>
public sealed class ScalingFactors
{
    private readonly double _windowS;
    // One log for every tier in time order (Record refuses older entries), so expiring is one walk from
    // the head however many nodes there are; per tier the running sum and count, and the factor itself,
    // kept up to date as entries come and go (a continuum of 10,000 nodes asks for tau per request).
    // Chunked: at 10,000 devices a window holds half a million logs, and a Queue's doubling array went to
    // the large object heap (docs/topology.md, "Scale").
    private readonly ChunkedQueue<(double TimeS, int Tier, double Ratio)> _log = new();
    private readonly int[] _counts;
    private readonly double[] _sums;
    private readonly double[] _tau;
    private double _lastTimeS = double.NegativeInfinity;

    /// <param name="count">Number of entries: tiers for compute, links for transfers.</param>
    public ScalingFactors(int count, double windowS)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), "at least one tier or link");
        if (!(windowS > 0)) throw new ArgumentOutOfRangeException(nameof(windowS), "the window must be positive");
        _windowS = windowS;
        _counts = new int[count];
        _sums = new double[count];
        _tau = Enumerable.Repeat(1.0, count).ToArray();
    }

    public ScalingFactors(int count, ControllerSettings settings) : this(count, settings.ScalingWindowS) { }

    /// <summary>Number of entries (tiers, or links).</summary>
    public int Length => _counts.Length;
    public double WindowS => _windowS;

    /// <summary>
    /// Logs one measurement of a tier (or link): what the predictor expected, unscaled (the table's
    /// compute, or the formula's transfer), and what it took. A prediction of zero carries no ratio and is ignored.
    /// </summary>
    public void Record(double timeS, int tier, double predictedS, double runtimeS)
    {
        if (timeS < _lastTimeS) throw new ArgumentException($"log at {timeS} s is older than the previous one at {_lastTimeS} s");
        if (runtimeS < 0 || !double.IsFinite(runtimeS)) throw new ArgumentOutOfRangeException(nameof(runtimeS), $"runtime {runtimeS} is not a duration");
        _lastTimeS = timeS;
        if (!(predictedS > 0)) return;
        double ratio = runtimeS / predictedS;
        _log.Enqueue((timeS, tier, ratio));
        _sums[tier] += ratio;
        _counts[tier]++;
        Set(tier, _sums[tier] / _counts[tier]);
    }

    /// <summary>Tau of every tier (or link) at time now: logs with time &gt; now - window count.</summary>
    public double[] Current(double nowS)
    {
        Expire(nowS);
        return (double[])_tau.Clone();
    }

    /// <summary>
    /// The factors now, without a copy: the array is the factors' own and the next log changes it in
    /// place, so a view holding it reads the factors of the moment it reads them. The controller makes a
    /// view per decision and uses it within that event (a stage's completion, the only thing that logs, is
    /// always a later event), so within a decision this is the snapshot. It used to be a copy-on-write
    /// snapshot: at 3,000 nodes that copied 24 KB per request (5.5 GB over 10 simulated minutes, most of
    /// what the GC did in `t2c bench scale`). O(1).
    /// </summary>
    public double[] Live(double nowS)
    {
        Expire(nowS);
        return _tau;
    }

    /// <summary>
    /// The factors now, to be read at once and not kept (a later log may change them in place): no copy
    /// and no snapshot, so a caller that reads a few nodes' factors per job pays O(1), not O(nodes).
    /// </summary>
    public ReadOnlySpan<double> ReadNow(double nowS)
    {
        Expire(nowS);
        return _tau;
    }

    public void CopyCurrent(double nowS, Span<double> tau)
    {
        Expire(nowS);
        _tau.AsSpan().CopyTo(tau);
    }

    public int Count(int tier, double nowS)
    {
        Expire(nowS);
        return _counts[tier];
    }

    private void Expire(double nowS)
    {
        double oldest = nowS - _windowS;
        while (_log.Count > 0 && _log.Peek().TimeS <= oldest)
        {
            var (_, tier, ratio) = _log.Dequeue();
            _sums[tier] -= ratio;
            // Running sums drift by rounding; an empty window is the moment to start clean.
            if (--_counts[tier] == 0)
            {
                _sums[tier] = 0;
                Set(tier, 1.0);
            }
            else Set(tier, _sums[tier] / _counts[tier]);
        }
    }

    private void Set(int tier, double value) => _tau[tier] = value;
}
