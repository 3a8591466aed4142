namespace T2CSim.Core.Simulation;

/// <summary>
/// Where scenario outages cut the simulated chain (docs/controller.md, "Failure events"): per tier,
/// how many outages cut it off now, and when the last one began, so that a job started before a cut
/// on its path is dropped even if the cut has ended since it was last checked.
/// </summary>
internal sealed class ChainCuts
{
    private readonly int[] _count;
    private readonly double[] _lastCutS;
    private bool _any;

    public ChainCuts(int tiers)
    {
        _count = new int[tiers];
        _lastCutS = Enumerable.Repeat(double.NegativeInfinity, tiers).ToArray();
    }

    /// <summary>An outage cuts the chain at tier `tier`; true when it was not cut there already (the tier is lost now).</summary>
    public bool Cut(int tier, double nowS)
    {
        _any = true;
        _lastCutS[tier] = nowS;
        return ++_count[tier] == 1;
    }

    /// <summary>An outage at tier `tier` ends; true when no other one still cuts there (the tier is restored now).</summary>
    public bool Mend(int tier)
    {
        if (_count[tier] == 0) throw new InvalidOperationException($"the chain is not cut at tier {tier}");
        return --_count[tier] == 0;
    }

    /// <summary>
    /// True when a job started at `startS` whose path reaches tier `lastTier` is cut off: a tier on
    /// its path is cut now or was cut since it started. Free until the first outage.
    /// </summary>
    public bool CutOff(int lastTier, double startS)
    {
        if (!_any) return false;
        for (int k = 0; k <= lastTier && k < _count.Length; k++)
            if (_count[k] > 0 || _lastCutS[k] >= startS) return true;
        return false;
    }
}
