namespace T2CSim.Core.Execution;

/// <summary>
/// How one tier's agent spends time besides the lookup table's compute (docs/validation.md). CPU terms
/// are seconds of one host CPU at full speed; under a CPU quota they stretch (<see cref="CpuQuotaClock"/>).
/// </summary>
/// <param name="CpuShare">Share of one host CPU the agent gets (CFS quota / period); 1: no quota.</param>
/// <param name="QuotaPeriodS">The CFS period of that quota; 0: the quota's period is not modelled (the table's mean rate holds for any stage).</param>
/// <param name="ReceiveS">CPU: a job's frame off the data socket to its stage's start (poller, decoding, hand-off to the worker).</param>
/// <param name="ResultS">A finished task's result from the worker to handled on the controller's loop (encoding, socket, the controller's receiving thread). After a stage with the worker idle: latency, off the quota (each return a draw of ResultAloneS where the description has it, of which this is the median); beside a worker computing the next job: after BesideIoPeriods where the description has them, else CPU sharing the tier's quota with it (IoShare; docs/validation.md, "Round 10").</param>
/// <param name="ComputeFactor">Host CPU a stage takes per (table time x share): the host's speed now against the profile's (1: as profiled).</param>
/// <param name="StageS">Host CPU every stage takes whatever its size: its tensors in and out of libtorch, the dispose scope, the first layer's cold caches (the lookup table's layers were timed hot, one at a time).</param>
/// <param name="IoShare">
/// The agent's IO thread beside its worker: the share of the tier's quota its IO bursts (a frame's
/// receive, a result beside the next job's stage, the forward's send) get while the worker computes another job's stage, the
/// worker losing the CPU they take; the worker hands a finished stage's results to the IO thread and
/// starts the next job at once. CFS gives the runnable threads of one group equal weight, so 0.5 on a
/// tier under a quota. 0: the IO runs in line with the worker (results before the next stage), as before.
/// </param>
/// <param name="NetworkFactors">
/// Per network (model name), its stages' host CPU per table time against the tier's ComputeFactor: the
/// lookup table's layers, timed one at a time, add up to a network's whole stage differently for each
/// network (docs/validation.md, "Per-network compute"). Absent network or null: 1.
/// </param>
/// <param name="ComputeSigma">
/// The testbed's spread of a stage's host CPU on this tier: every stage's CPU (fixed cost and table
/// part) is multiplied by a lognormal of mean 1 and this sigma, drawn from the run's seeded random
/// streams (one per tier), so the simulated tails carry the testbed's. Fitted by `t2c calibrate` from
/// the calibration workload's stage timings. On a tier with a spread it replaces the scenario's
/// compute noise (the testbed's measured spread is the whole of it). 0: constants, as before.
/// </param>
/// <param name="StageSpreadS">
/// The testbed's spread of a stage's host CPU as the calibration measured it, an empirical distribution
/// given by its quantiles at equal steps of probability (ascending, seconds; the first the 0th, the
/// last the 100th percentile): what each calibration stage took beyond the tier's constants, found by
/// replaying it on the quota clock (docs/validation.md, "The stage's spread"). Every stage draws one
/// amount from it (the tier's seeded stream, linear between quantiles) and adds it to its CPU: an
/// amount, not a ratio, because short and long stages spread by about the same milliseconds (the
/// interference of the agents beside it, the IO thread's share of the quota), which a lognormal
/// ratio fitted on both gives neither. Takes precedence over ComputeSigma; null: ComputeSigma (or the
/// scenario's noise), as before. With <paramref name="SpreadSplitS"/> > 0 it is the short stages' only.
/// </param>
/// <param name="LongStageSpreadS">
/// The same for the tier's long stages (table time at least SpreadSplitS), when the calibration could
/// tell the two apart: under load a long stage's spread grew to several ms where a short one's did not
/// (docs/validation.md, "The stage's spread"). Null: StageSpreadS for every stage.
/// </param>
/// <param name="SpreadSplitS">Table time (seconds) from which a stage draws from LongStageSpreadS; 0: one distribution.</param>
/// <param name="QuotaOverrunS">
/// How far past its spent quota the kernel lets the agent's group run before throttling it, the
/// overrun then paid from the next periods' quota (CpuQuotaClock). Measured by `t2c calibrate`'s
/// busy-loop probe in a group of the tier's quota (CalibrateCommand); 0: throttled the instant the quota is spent.
/// Not used with a <paramref name="SchedulerTickS"/>: the tick makes the overrun.
/// </param>
/// <param name="SchedulerTickS">
/// The scheduler tick of the tier's kernel (1 / CONFIG_HZ): a running group's spent quota is noticed
/// at the next tick, so it runs past its quota by up to a tick and pays that from the next periods
/// (CpuQuotaClock, docs/validation.md "The scheduler tick"). Read by `t2c calibrate` from the kernel's
/// configuration, not fitted; 0: the spent quota is noticed at once (or after QuotaOverrunS).
/// </param>
/// <param name="QuotaNoticeS">
/// With a tick: how far past its spent quota a running group gets before a scheduling event other than
/// the tick (another thread waking on its CPU) throttles it (CpuQuotaClock.NoticeS; docs/validation.md,
/// "A stage's CPU, measured"). Fitted by `t2c calibrate` from the stages whose CPU the agents measured;
/// infinite (absent from the file): only the tick notices.
/// </param>
/// <param name="CpuWaitRatio">
/// Wall time a stage spends runnable but waiting for one of the host's CPUs, per second of the CPU it
/// takes: the host's contention (the other agents, the controller, the IO threads on the same cores).
/// It costs the stage wall time, not the tier's quota: fitted on walls as CPU, the same wait would
/// stretch 1/share-fold under the quota (0.5 ms on the device's 13 % share: 3.8 ms). Fitted by
/// `t2c calibrate --stage-cpu measured` where the stage CPU terms come from the measured CPU (the walls'
/// median beyond what the quota clock makes of each stage's measured CPU; docs/validation.md, "Stage CPU
/// fitted on the measured CPU"); 0: none, as before.
/// </param>
/// <param name="BesideIoPeriods">
/// An IO burst of the agent woken while its worker computes (a finished stage's result beside the next
/// job's stage, a frame arriving for a busy tier): how long until it runs, in the tier's quota periods,
/// as an empirical distribution given by its quantiles at equal steps of probability (ascending; the
/// 0th to the 100th percentile). On the testbed the IO thread and the worker share the agent's group,
/// and beside a worker that spends the group's quota every period the kernel runs the IO only at a
/// later period, or once the worker stops: results beside the next stage came back after 1 to 6 whole
/// periods (docs/validation.md, "Round 13"). The simulator draws one (the tier's seeded stream, linear
/// between quantiles); the burst runs then, its CPU charged to the tier's quota, or when the worker
/// stops first, alone as after an idle stage. A result is handled then (latency: the job's forward does
/// not wait for it); a frame is then off the socket (the link's time, as the testbed's trace counts it).
/// Fitted by `t2c calibrate` from the calibration's results beside a computing worker, pooled over the
/// tiers (in periods, so that tiers of different periods pool). Null: the IO's share of the quota
/// (IoShare), as before.
/// </param>
/// <param name="ResultAloneS">
/// The return of a result the IO thread sends with the worker idle (ResultS's latency), as the
/// calibration measured it: an empirical distribution given by its quantiles at equal steps of
/// probability (ascending, seconds; the 0th to the 100th percentile). Its median is ResultS's; its tail
/// is the quota's: a stage that ended with the period's quota spent has its result sent in the next
/// period, so about one period later (the device's returns at p90 7.4-8.8 ms on its 7.7 ms periods, the
/// edge's 4.3-4.6 on 3.5 ms; docs/validation.md, "Round 14"). Each such return draws one (the tier's
/// seeded stream, linear between quantiles). Null: ResultS for every one, as before.
/// </param>
public sealed record TierExecution(double CpuShare, double QuotaPeriodS, double ReceiveS, double ResultS, double ComputeFactor = 1, double StageS = 0, double IoShare = 0,
    IReadOnlyDictionary<string, double>? NetworkFactors = null, double ComputeSigma = 0, IReadOnlyList<double>? StageSpreadS = null,
    IReadOnlyList<double>? LongStageSpreadS = null, double SpreadSplitS = 0, double QuotaOverrunS = 0, double SchedulerTickS = 0,
    double QuotaNoticeS = double.PositiveInfinity, double CpuWaitRatio = 0, IReadOnlyList<double>? BesideIoPeriods = null,
    IReadOnlyList<double>? ResultAloneS = null)
{
    public static readonly TierExecution Ideal = new(1, 0, 0, 0);

    /// <summary>
    /// Host CPU seconds of a stage per second of the table's time: under a modelled quota the table's
    /// rate is the share's, so share x factor (the quota clock stretches it back); without one the
    /// stage runs at the table's rate x factor.
    /// </summary>
    public double CpuPerTableS => QuotaS > 0 ? CpuShare * ComputeFactor : ComputeFactor;

    /// <summary>The quota per period, seconds; 0: no quota is modelled.</summary>
    public double QuotaS => QuotaPeriodS > 0 && CpuShare < 1 ? CpuShare * QuotaPeriodS : 0;

    /// <summary>Network <paramref name="model"/>'s factor on this tier (1 when it has none).</summary>
    public double NetworkFactor(string model) => NetworkFactors is { } f && f.TryGetValue(model, out double v) ? v : 1;

    /// <summary>Host CPU seconds of a stage of <paramref name="model"/> per second of the table's time.</summary>
    public double CpuPerTableSOf(string model) => CpuPerTableS * NetworkFactor(model);

    /// <summary>Whether a stage's CPU spreads on this tier (StageSpreadS or ComputeSigma): the scenario's compute noise is then not used.</summary>
    public bool HasSpread => StageSpreadS is { Count: > 0 } || ComputeSigma > 0;

    /// <summary>
    /// The amount of CPU (seconds) at probability <paramref name="u"/> of the spread of a stage of
    /// <paramref name="tableS"/> in the table (LongStageSpreadS from SpreadSplitS on, else StageSpreadS):
    /// the empirical distribution's inverse, linear between its quantiles (u in [0, 1]).
    /// </summary>
    public double SpreadAtS(double u, double tableS = 0)
    {
        var q = (SpreadSplitS > 0 && tableS >= SpreadSplitS && LongStageSpreadS is { Count: > 0 } l ? l : StageSpreadS)
            ?? throw new InvalidOperationException("the tier has no stage spread");
        return Inverse(q, u);
    }

    /// <summary>
    /// The wait of an IO burst beside a computing worker (BesideIoPeriods) at probability <paramref name="u"/>,
    /// in seconds: the distribution's inverse, linear between its quantiles, times the quota period.
    /// </summary>
    public double BesideIoAtS(double u) =>
        QuotaPeriodS * Inverse(BesideIoPeriods ?? throw new InvalidOperationException("the tier has no beside_io_periods"), u);

    /// <summary>
    /// The return of a result sent with the worker idle at probability <paramref name="u"/>, seconds:
    /// ResultAloneS's inverse, linear between its quantiles; ResultS where the tier has none.
    /// </summary>
    public double ResultAloneAtS(double u) => ResultAloneS is { Count: > 0 } q ? Inverse(q, u) : ResultS;

    /// <summary>Whether an IO burst beside a computing worker waits a drawn number of quota periods (BesideIoPeriods, with the IO thread beside the worker under a modelled quota).</summary>
    public bool IoBesideInPeriods => BesideIoPeriods is { Count: > 0 } && IoBesideWorker;

    /// <summary>An empirical distribution's inverse at <paramref name="u"/> in [0, 1] from its quantiles at equal steps, linear between them.</summary>
    private static double Inverse(IReadOnlyList<double> q, double u)
    {
        if (q.Count == 1) return q[0];
        double pos = Math.Clamp(u, 0, 1) * (q.Count - 1);
        int i = Math.Min((int)pos, q.Count - 2);
        return q[i] + (pos - i) * (q[i + 1] - q[i]);
    }

    /// <summary>A fresh quota clock of this tier (its quota, period, overrun and tick).</summary>
    public CpuQuotaClock NewClock() => new(QuotaS, QuotaPeriodS, QuotaOverrunS, SchedulerTickS, QuotaNoticeS);

    /// <summary>CpuQuotaClock.BurstWallS on this tier's clock.</summary>
    public double BurstWallS(double cpuS, double phase, double precedingCpuS = 0) =>
        CpuQuotaClock.BurstWallS(cpuS, QuotaS, QuotaPeriodS, phase, precedingCpuS, QuotaOverrunS, SchedulerTickS, QuotaNoticeS);

    /// <summary>Whether the IO thread runs beside the worker (IoShare under a modelled quota).</summary>
    public bool IoBesideWorker => IoShare > 0 && QuotaS > 0;
}

/// <summary>How one link departs from serialisation + propagation (docs/validation.md).</summary>
/// <param name="SendS">Upstream ready to handed to the link: encoding and hand-off; CPU of the upstream tier (the controller's, unthrottled, for the sensor link).</param>
/// <param name="WireS">Handed to the link to off the receiving data socket, beyond bytes x 8 / rate + propagation: sockets, TCP, the receiving thread.</param>
/// <param name="WireBytesFactor">Bytes on the wire per payload byte (packet and frame headers); 1: payload only.</param>
/// <param name="InOrder">
/// The link sends its frames one after another, each at the link's whole rate (a FIFO: the testbeds'
/// user-space shaper and tc's tbf queue both work so), instead of sharing its rate equally among the
/// frames in flight (the thesis world's processor sharing). Two frames sent together arrive after one
/// and two serialisation times, not both after two. A property of how the testbed shapes its links,
/// not a fitted value: `t2c calibrate` writes it for the testbeds it knows.
/// </param>
public sealed record LinkExecution(double SendS, double WireS, double WireBytesFactor, bool InOrder = false)
{
    public static readonly LinkExecution Ideal = new(0, 0, 1);
}

/// <summary>
/// A testbed description (testbeds/*.yaml, referenced by a scenario's `testbed:`): the execution-model
/// terms the hop breakdown of `t2c hil` shows the thesis's model leaves out, one per tier and link, as
/// fitted by `t2c calibrate`. <see cref="Ideal"/> (no `testbed:` in the scenario) is the thesis's
/// world: every term zero, so the simulator and the predictor behave exactly as without it.
/// </summary>
public sealed record TestbedDescription(string Name, IReadOnlyList<TierExecution> Tiers, IReadOnlyList<LinkExecution> Links, string SourcePath = "")
{
    public static TestbedDescription Ideal(int tiers) =>
        new("ideal", Enumerable.Repeat(TierExecution.Ideal, tiers).ToArray(), Enumerable.Repeat(LinkExecution.Ideal, tiers).ToArray());

    public bool IsIdeal => Tiers.All(t => t == TierExecution.Ideal) && Links.All(l => l == LinkExecution.Ideal);

    /// <summary>
    /// The host's speed when the terms were fitted: the CPU seconds of the host-speed probe (a fixed set
    /// of forward passes, Sim.Hardware's HostSpeedProbe) taken around the calibration workload. A
    /// validation run probes again and simulates <see cref="AtHostSpeed"/> the ratio (docs/validation.md,
    /// "The host's speed"). NaN (absent from the file): no probe, the terms as they are.
    /// </summary>
    public double HostProbeS { get; init; } = double.NaN;

    /// <summary>
    /// Each tier's speed when the terms were fitted: the probe's CPU seconds under that tier's quota and
    /// period (Sim.Hardware's HostSpeedProbe.MeasureUnderQuotaS), taken around the calibration workload,
    /// one per tier in order. Throttled work slows with the host's other activity more than unthrottled
    /// work does (docs/validation.md, "Round 12"), so a validation run probes each tier's quota again and
    /// simulates each tier at its own ratio (<see cref="AtTierSpeeds"/>). Null (absent from the file):
    /// the host probe's one ratio for every tier.
    /// </summary>
    public IReadOnlyList<double>? TierProbeS { get; init; }

    /// <summary>
    /// The same testbed on a host <paramref name="ratio"/> times as slow (CPU per unit of work now /
    /// at calibration): every stage's CPU terms scaled (the compute factor, the fixed cost, the spread's
    /// amounts). The quotas, ticks and the IO terms are the host's emulation and its sockets, not its
    /// speed, and stay; so does a tier left ideal. A ratio of 1 gives this description.
    /// </summary>
    public TestbedDescription AtHostSpeed(double ratio) => AtTierSpeeds(Enumerable.Repeat(ratio, Tiers.Count).ToArray());

    /// <summary>
    /// <see cref="AtHostSpeed"/> with a ratio per tier (<paramref name="ratios"/>[k] for tier k): tier
    /// k's stage CPU terms scaled by its own ratio. All ratios 1 give this description.
    /// </summary>
    public TestbedDescription AtTierSpeeds(IReadOnlyList<double> ratios)
    {
        if (ratios.Count != Tiers.Count) throw new ArgumentException($"{ratios.Count} ratios for {Tiers.Count} tiers", nameof(ratios));
        foreach (double ratio in ratios)
            if (!(ratio > 0) || !double.IsFinite(ratio)) throw new ArgumentOutOfRangeException(nameof(ratios), ratio, "a host-speed ratio is positive and finite");
        if (ratios.All(r => r == 1)) return this;
        static IReadOnlyList<double>? Scale(IReadOnlyList<double>? q, double r) => q?.Select(v => v * r).ToArray();
        // A tier left ideal (the thesis's world for it) stays so.
        var tiers = Tiers.Select((t, k) => t == TierExecution.Ideal || ratios[k] == 1 ? t : t with
        {
            ComputeFactor = t.ComputeFactor * ratios[k],
            StageS = t.StageS * ratios[k],
            StageSpreadS = Scale(t.StageSpreadS, ratios[k]),
            LongStageSpreadS = Scale(t.LongStageSpreadS, ratios[k]),
        }).ToArray();
        return this with { Tiers = tiers };
    }

    /// <summary>
    /// Wall time of a burst of <paramref name="cpuS"/> host-CPU seconds on tier k when it starts a
    /// fresh period (the predictor's view: no state): <see cref="CpuQuotaClock.FreshPeriodWallS"/>.
    /// </summary>
    public double FreshWallS(int tier, double cpuS) => CpuQuotaClock.FreshPeriodWallS(cpuS, Tiers[tier].QuotaS, Tiers[tier].QuotaPeriodS, Tiers[tier].QuotaOverrunS, Tiers[tier].SchedulerTickS, Tiers[tier].QuotaNoticeS);

    /// <summary>
    /// What the predictor adds to link k's transfer time: the upstream tier's send, the wire's overhead
    /// (headers at the link's free rate, the constant), the receiving tier's receive, and the
    /// difference of the result costs of tier k and tier k-1. A prediction crosses links 0..e for an
    /// exit on tier e, so these differences add up to exactly the exit tier's result cost: the
    /// predictor's formula stays the slides', each term is counted once. The result cost of tier k is
    /// the return the controller measured there (<paramref name="measuredResultS"/>[k], the window's
    /// median: ResultReturns) once results came back from it, the calibrated ResultS before.
    /// The wire's overhead (constant and headers) is counted beyond <paramref name="headroomS"/>, what the
    /// predictor's own headroom already added to the serialisation (LatencyPredictor.Headroom): both are
    /// room for what slows a link beyond its rate, and paying both put every prediction over the sensor
    /// link's 1 Mbit/s 1.8-2 ms above the measured walls (docs/validation.md, "Round 10"). The larger of
    /// the two is kept, so the prediction never drops below the slides' formula.
    /// </summary>
    public double PredictedHopS(int link, long bytes, double freeBps, double[]? measuredResultS = null, double headroomS = 0)
    {
        var l = Links[link];
        double send = link == 0 ? l.SendS : FreshWallS(link - 1, l.SendS);
        double headers = freeBps > 0 ? (l.WireBytesFactor - 1) * bytes * 8.0 / freeBps : 0;
        double wire = Math.Max(0, l.WireS + headers - headroomS);
        double result = ResultOf(link, measuredResultS) - (link > 0 ? ResultOf(link - 1, measuredResultS) : 0);
        return send + wire + FreshWallS(link, Tiers[link].ReceiveS) + result;
    }

    /// <summary>Tier k's result cost for the predictor: measured (finite) if given, else the description's ResultS.</summary>
    public double ResultOf(int tier, double[]? measuredResultS) =>
        measuredResultS is { } m && tier < m.Length && double.IsFinite(m[tier]) ? m[tier] : Tiers[tier].ResultS;
}
