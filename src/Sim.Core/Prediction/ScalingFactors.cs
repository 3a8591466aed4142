namespace T2CSim.Core.Prediction;

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
    private readonly Queue<(double TimeS, double Ratio)>[] _logs;
    private readonly double[] _sums;
    private double _lastTimeS = double.NegativeInfinity;

    /// <param name="count">Number of entries: tiers for compute, links for transfers.</param>
    public ScalingFactors(int count, double windowS)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), "at least one tier or link");
        if (!(windowS > 0)) throw new ArgumentOutOfRangeException(nameof(windowS), "the window must be positive");
        _windowS = windowS;
        _logs = Enumerable.Range(0, count).Select(_ => new Queue<(double, double)>()).ToArray();
        _sums = new double[count];
    }

    public ScalingFactors(int count, ControllerSettings settings) : this(count, settings.ScalingWindowS) { }

    /// <summary>Number of entries (tiers, or links).</summary>
    public int Length => _logs.Length;
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
        _logs[tier].Enqueue((timeS, ratio));
        _sums[tier] += ratio;
    }

    /// <summary>Tau of every tier (or link) at time now: logs with time &gt; now - window count.</summary>
    public double[] Current(double nowS)
    {
        var tau = new double[_logs.Length];
        CopyCurrent(nowS, tau);
        return tau;
    }

    /// <summary>Current without allocating, for a planner's inner loop.</summary>
    public void CopyCurrent(double nowS, Span<double> tau)
    {
        for (int k = 0; k < _logs.Length; k++)
        {
            Expire(k, nowS);
            tau[k] = _logs[k].Count == 0 ? 1.0 : _sums[k] / _logs[k].Count;
        }
    }

    /// <summary>Number of logs of a tier (or link) still inside the window at time now.</summary>
    public int Count(int tier, double nowS)
    {
        Expire(tier, nowS);
        return _logs[tier].Count;
    }

    private void Expire(int tier, double nowS)
    {
        var queue = _logs[tier];
        double oldest = nowS - _windowS;
        while (queue.Count > 0 && queue.Peek().TimeS <= oldest) _sums[tier] -= queue.Dequeue().Ratio;
        // Running sums drift by rounding; an empty window is the moment to start clean.
        if (queue.Count == 0) _sums[tier] = 0;
    }
}
