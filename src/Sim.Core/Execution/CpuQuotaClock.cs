namespace T2CSim.Core.Execution;

/// <summary>
/// A tier's CPU quota as the kernel's CFS bandwidth control applies it: every period P (periods start
/// at 0, P, 2P, ...) the tier may run for its quota q; a burst that uses it up waits, throttled, for
/// the next period. So a short stage runs at the host's full speed when the period still has quota,
/// and a burst that crosses the quota waits out the rest of the period: a stage of c host-CPU seconds
/// takes about ceil(c / q) - 1 periods plus what it runs in the last one, not c / share. Long stages
/// average to the share (the lookup table's rate); short ones do not, which is what the hop breakdown
/// shows (a 0.75 ms stage on the device in 2 ms where the table says 5.3; its result's send then
/// waiting 5-7 ms for the next period).
///
/// Stateful: bursts are charged in the order they are asked for, each from its start time (the
/// simulator's). A tier with no quota (q = 0) runs every burst at full speed.
///
/// The kernel notices a spent quota late (docs/validation.md, "The quota's overrun"): a group runs on
/// past it by up to <see cref="OverrunS"/> before it is throttled, and pays what it overran from the
/// next periods' quota (the runtime left goes negative; each period adds q, capped at q). So a burst
/// that finds a whole quota runs q + overrun unthrottled (a short stage from idle at full speed), while
/// a tier that computes without pause still gets exactly q per period. 0: throttled the instant the
/// quota is spent (the clock as it was).
///
/// How late is set by the kernel's scheduler tick (<see cref="TickS"/>, 1 / CONFIG_HZ; docs/validation.md,
/// "The scheduler tick"): a running thread's CPU is charged to its group's runtime only when the
/// scheduler looks at it, at every tick (and at scheduling events, which a stage's compute has none of),
/// so a group whose quota runs out between two ticks runs on to the next tick and the kernel throttles
/// it there; the debt, up to a tick's worth, is paid from the following periods, each adding q: after a
/// short stage that crossed its quota, the result waits for the next period; after one that ran a
/// whole tick past it, for two or three. With a tick the overrun is the tick's doing, not a constant:
/// a running burst goes on until the first tick (on the grid 0, tick, 2 tick, ...) at which its group's
/// runtime is spent; a burst that starts (a wakeup) when the runtime is spent is throttled at once.
///
/// The tick is the latest the kernel looks; any scheduling event on the group's CPU (another thread
/// waking there: the agent's IO threads, the controller, the other agents) brings the running thread's
/// runtime up to date too, and throttles it if spent. On a busy testbed that comes long before the tick
/// (docs/validation.md, "A stage's CPU, measured": stages whose CPU the agent measured took their CPU /
/// share of wall, not the tick's bonus). <see cref="NoticeS"/>: how long after its runtime is spent a
/// running group is noticed so (throttled at the earlier of that and the next tick); infinite: only at
/// the tick (the quiet host of the probe).
/// </summary>
public sealed class CpuQuotaClock(double quotaS, double periodS, double overrunS = 0, double tickS = 0, double noticeS = double.PositiveInfinity)
{
    private long _period = -1;
    // Quota left in period _period; negative: the overrun, paid from the next periods' quota.
    private double _remainingS;
    // When the last charged burst ended: a burst from then on continues the same run.
    private double _lastEndS = double.NaN;
    // The last burst Run charged (the worker's): when it started, how much of its first period's quota
    // was used before it. A second thread's burst beside it (BesideEnd) finds the
    // group's quota as this burst left it.
    private double _burstStartS, _burstUsedBeforeS;

    public double QuotaS { get; } = quotaS;
    public double PeriodS { get; } = periodS;
    public double OverrunS { get; } = Math.Max(0, overrunS);
    /// <summary>The scheduler tick at which a running group's spent quota is noticed; 0: at once (or after OverrunS).</summary>
    public double TickS { get; } = Math.Max(0, tickS);
    /// <summary>With a tick: how far past its spent runtime a running group gets before a scheduling event other than the tick throttles it; infinite: none comes.</summary>
    public double NoticeS { get; } = double.IsNaN(noticeS) ? double.PositiveInfinity : Math.Max(0, noticeS);

    /// <summary>When a burst of <paramref name="cpuS"/> seconds of CPU started at <paramref name="startS"/> ends; charges the quota.</summary>
    /// <param name="continues">Whether the burst is the same thread running on from the last burst's end (a stage's next step) rather than a thread waking (Charge).</param>
    public double Run(double startS, double cpuS, bool? continues = null)
    {
        if (QuotaS <= 0 || PeriodS <= 0 || cpuS <= 0) return startS + Math.Max(0, cpuS);
        Refill((long)Math.Floor(startS / PeriodS));
        _burstUsedBeforeS = Math.Clamp(QuotaS - _remainingS, 0, QuotaS);
        double end = Charge(startS, cpuS, continues);
        _burstStartS = startS;
        return end;
    }

    /// <summary>Period <paramref name="period"/> has begun: each period since the last adds a quota to what is left (capped at one quota).</summary>
    private void Refill(long period)
    {
        if (period <= _period) return;
        _remainingS = _period < 0 ? QuotaS : Math.Min(QuotaS, _remainingS + (period - _period) * QuotaS);
        _period = period;
    }

    /// <summary>
    /// The same charge without making it the burst a second thread runs beside: what an IO burst took
    /// from the group's quota, paid by the worker's next CPU (SimulatedContinuum.IoEnd).
    /// </summary>
    /// <param name="continues">
    /// Whether the burst is the same thread running on from the last burst's end, which the kernel charges
    /// only at its ticks, or a thread waking (a hand-off between threads included: the one that sleeps
    /// is charged as it stops), throttled at once when the runtime is spent. Null: a burst that starts
    /// at the last one's end continues it (the overrun model); with a tick, a wakeup.
    /// </param>
    public double Charge(double startS, double cpuS, bool? continues = null)
    {
        if (QuotaS <= 0 || PeriodS <= 0 || cpuS <= 0) return startS + Math.Max(0, cpuS);
        if (TickS > 0) return ChargeOnTicks(startS, cpuS, continues ?? false);
        double t = startS, left = cpuS;
        long period = (long)Math.Floor(t / PeriodS);
        // A burst that goes on from the last one's end (a stage's next step, its results in line) is the
        // same run to the kernel: it may use what is left of the overrun. One that starts after a pause
        // is a wakeup, throttled at once when the quota is spent.
        bool running = continues ?? Math.Abs(startS - _lastEndS) <= 1e-12;
        while (true)
        {
            // A later period has its quota again (less what was overrun). Bursts are charged in time
            // order; one asked for in an earlier period than the last charged (overlapping bursts) shares the later one's.
            Refill(period);
            double periodEnd = (period + 1) * PeriodS;
            if (_remainingS > (running ? -OverrunS : 0))
            {
                // Runs until the quota and the overrun the kernel lets pass are spent, or the period ends.
                double run = Math.Min(Math.Min(_remainingS + OverrunS, periodEnd - t), left);
                if (Ran(ref t, ref left, run)) return t;
                // Cut by the period's end it runs on with the refill; else it was throttled.
                running = t >= periodEnd - 1e-15;
            }
            else running = false;
            period = Math.Max(period, _period) + 1;
            t = Math.Max(t, period * PeriodS);
        }
    }

    /// <summary>
    /// Charge with the spent quota noticed at the scheduler's ticks: the burst runs, its group's runtime
    /// falling as it runs and rising by q (capped at q) at each period's start, until it is done or a
    /// tick finds the runtime spent; throttled, it waits for the period whose refill leaves runtime, and
    /// runs on from that period's start. A burst that does not continue the last one (a wakeup) and
    /// finds the runtime spent is throttled at once.
    /// </summary>
    private double ChargeOnTicks(double startS, double cpuS, bool continues)
    {
        double t = startS, left = cpuS;
        long period = Math.Max(_period, (long)Math.Floor(t / PeriodS));
        Refill(period);
        if (!continues) period = WaitForRuntime(period, ref t);
        while (true)
        {
            double periodEnd = (period + 1) * PeriodS;
            // The next tick strictly after t (one falling at t was looked at when the burst got there), or
            // sooner the scheduling event that comes NoticeS after the runtime is spent.
            double tick = (Math.Floor(t / TickS + 1e-9) + 1) * TickS;
            if (!double.IsPositiveInfinity(NoticeS))
            {
                double toNotice = _remainingS + NoticeS;
                // Noticed now (or closer than t's precision: t + it would not move t): throttled here if spent.
                if (toNotice <= SpentS || t + toNotice <= t)
                {
                    if (_remainingS <= SpentS) { period = WaitForRuntime(period, ref t); continue; }
                    if (Ran(ref t, ref left, Math.Min(left, toNotice))) return t;
                    continue;
                }
                tick = Math.Min(tick, t + toNotice);
            }
            double run = Math.Min(left, Math.Min(periodEnd, tick) - t);
            if (Ran(ref t, ref left, run)) return t;
            if (t >= periodEnd - 1e-15)
            {
                // The refill comes first; a tick at the same instant then finds the new runtime.
                period++;
                Refill(period);
                if (t >= tick - 1e-15 && _remainingS <= 0) period = WaitForRuntime(period, ref t);
            }
            else if (_remainingS <= 0) period = WaitForRuntime(period, ref t);
        }
    }

    /// <summary>Runtime at or below this is spent (rounding leaves picoseconds of it where a burst ran exactly to it).</summary>
    private const double SpentS = 1e-12;

    /// <summary>The burst runs <paramref name="run"/> from t, charged to the runtime; true when it is done (its end noted: a burst from there continues it).</summary>
    private bool Ran(ref double t, ref double left, double run)
    {
        t += run;
        left -= run;
        _remainingS -= run;
        if (left > 1e-15) return false;
        _lastEndS = t;
        return true;
    }

    /// <summary>Throttled at t when the runtime is spent: to the start of the first period whose refill leaves runtime.</summary>
    private long WaitForRuntime(long period, ref double t)
    {
        while (_remainingS <= SpentS)
        {
            period++;
            Refill(period);
            t = period * PeriodS;
        }
        return period;
    }

    /// <summary>
    /// When a burst of <paramref name="cpuS"/> of CPU of a second thread of the same cgroup (the agent's
    /// IO thread: a frame's receive, a result, a forward) runnable from <paramref name="startS"/> ends
    /// while the worker computes a stage. CFS bandwidth control gives the GROUP one quota per period,
    /// whichever of its threads uses it: the two threads share the CPU (the IO thread gets
    /// <paramref name="share"/> of it) until the period's quota is spent, and then BOTH are throttled to
    /// the next period. The worker, throttled at the end of every period it crosses, runs from each
    /// period's start (from its burst's start in the period it started: <see cref="Run"/>'s last burst),
    /// so a burst that arrives after the worker has spent the period's quota waits for the next period.
    /// The worker is taken to compute for the whole of the IO burst (its stage's later steps are charged
    /// when they start). Does not charge the clock (<see cref="Charge"/> does: the worker pays for the CPU
    /// the IO took).
    /// </summary>
    public double BesideEnd(double startS, double cpuS, double share)
    {
        if (QuotaS <= 0 || PeriodS <= 0 || cpuS <= 0) return startS + Math.Max(0, cpuS);
        share = Math.Clamp(share, 1e-9, 1);
        long burstPeriod = (long)Math.Floor(_burstStartS / PeriodS);
        double t = startS, left = cpuS;
        long period = (long)Math.Floor(t / PeriodS);
        while (true)
        {
            double periodStart = period * PeriodS, periodEnd = periodStart + PeriodS;
            // The group's quota used by time t in this period: the CPU busy since the worker's start in it.
            double used = Math.Clamp(period == burstPeriod ? _burstUsedBeforeS + (t - _burstStartS) : t - periodStart, 0, QuotaS);
            double wall = Math.Min(QuotaS - used, periodEnd - t);
            if (wall > 1e-15)
            {
                double run = Math.Min(left, share * wall);
                t += run / share;
                left -= run;
                if (left <= 1e-15) return t;
            }
            // The group's quota is spent (or the period ended): throttled with the worker to the next period.
            period++;
            t = Math.Max(t, period * PeriodS);
        }
    }

    /// <summary>
    /// Wall time of a burst of <paramref name="cpuS"/> host-CPU seconds on a fresh clock when it
    /// starts <paramref name="phase"/> (in [0, 1)) of the way into a period, right after
    /// <paramref name="precedingCpuS"/> of CPU that started there (a stage's compute before its
    /// result's send, say). A job arrives at any phase of the kernel's period, so the calibration fit
    /// and the hop attribution compare measured walls with this at spread phases
    /// (<see cref="SpreadPhase"/>): the same model the simulator runs, stateful clock and all.
    /// </summary>
    public static double BurstWallS(double cpuS, double quotaS, double periodS, double phase, double precedingCpuS = 0, double overrunS = 0, double tickS = 0, double noticeS = double.PositiveInfinity)
    {
        if (quotaS <= 0 || periodS <= 0) return Math.Max(0, cpuS);
        double before = Math.Max(0, precedingCpuS);
        if (tickS > 0)
        {
            // With a tick what follows the preceding CPU is another thread's wakeup (a result's send after
            // its stage), checked against the runtime the preceding burst left, as the simulator charges it.
            var clock = new CpuQuotaClock(quotaS, periodS, overrunS, tickS, noticeS);
            double start = phase * periodS;
            double ready = before > 0 ? clock.Charge(start, before, continues: false) : start;
            return cpuS > 0 ? clock.Charge(ready, cpuS, continues: false) - ready : 0;
        }
        return FreshEndS(before + Math.Max(0, cpuS), quotaS, periodS, phase, overrunS, tickS, noticeS) - FreshEndS(before, quotaS, periodS, phase, overrunS, tickS, noticeS);
    }

    /// <summary>
    /// When <paramref name="cpuS"/> of CPU started <paramref name="phase"/> into period 0 of a fresh clock
    /// (a whole quota) ends. Without an overrun in closed form, without the object (the calibration fit
    /// replays thousands of bursts per term): the first period gives min(q, its rest), every later one
    /// q; with one, <see cref="Charge"/> on a fresh clock.
    /// </summary>
    private static double FreshEndS(double cpuS, double quotaS, double periodS, double phase, double overrunS = 0, double tickS = 0, double noticeS = double.PositiveInfinity)
    {
        double start = phase * periodS;
        // With an overrun (or a tick) the debt carried from period to period has no short closed form: a fresh clock runs it.
        if (overrunS > 0 || tickS > 0) return cpuS <= 0 ? start : new CpuQuotaClock(quotaS, periodS, overrunS, tickS, noticeS).Charge(start, cpuS);
        double first = Math.Min(quotaS, periodS - start);
        if (cpuS <= first) return start + cpuS;
        double rest = cpuS - first;
        double periods = Math.Max(1, Math.Ceiling(rest / quotaS - 1e-12));
        return periods * periodS + rest - (periods - 1) * quotaS;
    }

    /// <summary>The i-th of a low-discrepancy sequence of phases in [0, 1) (golden-ratio steps): deterministic, evenly spread.</summary>
    public static double SpreadPhase(int i) => (i + 1) * 0.6180339887498949 % 1.0;

    /// <summary>
    /// The same for a burst that starts with a whole quota at the start of a period (the predictor's
    /// view, without state): c + floor(c / q) x (P - q), for c not a whole multiple of q (without an overrun).
    /// </summary>
    public static double FreshPeriodWallS(double cpuS, double quotaS, double periodS, double overrunS = 0, double tickS = 0, double noticeS = double.PositiveInfinity)
    {
        if (quotaS <= 0 || periodS <= 0 || cpuS <= 0) return Math.Max(0, cpuS);
        if (overrunS > 0 || tickS > 0) return FreshEndS(cpuS, quotaS, periodS, 0, overrunS, tickS, noticeS);
        double waits = Math.Ceiling(cpuS / quotaS - 1e-12) - 1;
        return cpuS + Math.Max(0, waits) * (periodS - quotaS);
    }
}
