namespace T2CSim.Experiments.Calibration;

using MathNet.Numerics.LinearAlgebra;
using T2CSim.Core.Execution;

/// <summary>
/// How well one term was fitted: samples, the fitted value and the residuals' spread; with repeated
/// calibration runs (CalibrationRepeats) the value is the runs' median and MinS / MaxS their range.
/// </summary>
public sealed record TermFit(string Term, int Samples, double ValueS, double ResidualSdS)
{
    public double MinS { get; init; } = double.NaN;
    public double MaxS { get; init; } = double.NaN;
    public int Runs { get; init; } = 1;
    /// <summary>Fitted once on the samples of all <see cref="Runs"/> runs together, not the median of their fits (CalibrationFit.WithNetworksPooled).</summary>
    public bool Pooled { get; init; }
    /// <summary>Refitted through the simulator (SimulatedRefit): its simulated / measured centre wall (interquartile mean) before and after.</summary>
    public (double Before, double After)? Refit { get; init; }

    /// <summary>A factor, a sigma or a ratio, written as it is; every other term is a time, written in ms.</summary>
    public bool Unitless => Term.EndsWith("factor", StringComparison.Ordinal) || Term.EndsWith("sigma", StringComparison.Ordinal) || Term.EndsWith("ratio", StringComparison.Ordinal) || Term.EndsWith("periods", StringComparison.Ordinal);
}

/// <summary>
/// What a tier's stage CPU terms (compute factor, fixed cost, network factors, spread) are fitted on
/// (`t2c calibrate --stage-cpu`; docs/validation.md, "Stage CPU fitted on the measured CPU").
/// </summary>
public enum StageCpuBasis
{
    /// <summary>The stages' walls, through the tier's quota clock: the terms also carry what the CPU does not show (a runnable thread waiting for one of the host's CPUs).</summary>
    Walls,

    /// <summary>
    /// The CPU the agents measured for each stage (its least-squares line), and what the walls take beyond
    /// the quota clock of that CPU a wait off the quota (TierExecution.CpuWaitRatio); the spread that of the
    /// measured CPU around the line. Where a tier has too few measured stages, its walls.
    /// </summary>
    MeasuredCpu,
}

/// <summary>The fitted terms and the wire regression's quality.</summary>
public sealed record CalibrationResult(IReadOnlyList<TierExecution> Tiers, IReadOnlyList<LinkExecution> Links, double WireRSquared, IReadOnlyList<TermFit> Terms);

/// <summary>
/// Fits a testbed description's terms to the calibration workload's hop timings (docs/validation.md):
///   wire:  one least-squares regression over every link, wire_k - propagation_k = w_k + f x serialisation,
///          per-link constants w_k (sockets, TCP, the receiving thread) and one header factor f shared by
///          the links (bytes on the wire per payload byte); R² over all wire samples. The constant kept
///          is then the median of wire - f x serialisation per link, not the regression's mean: a frame
///          that queued behind another on the link is the link's sharing (which the simulator has), not
///          its overhead;
///   result: the median return (latency off the tier's quota: SimulatedContinuum);
///   CPU terms (compute factor and stage cost, send, receive): the workload runs under the tiers' own CPU
///          quotas (as a validation run), so a measured hop is a wall time that the quota stretched. Each
///          term is fitted through the model the simulator runs: every sample is replayed on the tier's
///          CpuQuotaClock at a spread phase of the period (a job arrives at any phase), after what ran
///          before it on the tier (link k's send after tier k-1's stage), and the term is the value for which the
///          replayed walls have the measured walls' median (bisection: every replayed wall grows with
///          the term). A stage's two terms (its fixed cost and the factor) need two conditions:
///          FitCompute. Fitted in the agent's order: the tier's compute terms, its result, then the
///          send of the link it feeds. A tier without a quota replays at face value (the median).
/// With StageCpuBasis.MeasuredCpu (`t2c calibrate --stage-cpu measured`) a tier's stage CPU terms
///          (compute factor, fixed cost, network factors) are instead the least-squares line of the CPU
///          the agents measured, and what the walls take beyond the clock of that CPU is a wait off the
///          quota (CpuWaitRatio, FitCpuWait); the spread is that of the measured CPU around the terms.
/// The CPU shares and quota periods are not fitted: they are the tiers' emulation on this host.
/// A term without samples (a link no job crossed) stays 0 and says so in its fit.
/// </summary>
public static class CalibrationFit
{
    /// <summary>
    /// TierExecution.IoShare: not fitted. The agent's IO thread and its worker are two threads of the
    /// tier's group at the same weight, and CFS shares the group's quota equally among its runnable
    /// threads, so the IO gets half while the worker computes (the calibration workload's light load
    /// rarely has the two overlap, so it could not be fitted from it).
    /// </summary>
    public const double IoShareBesideWorker = 0.5;

    /// <param name="ticksS">Per tier, the kernel's scheduler tick (TierExecution.SchedulerTickS: not fitted, read from the kernel); null: none.</param>
    /// <param name="basis">What the stage CPU terms are fitted on (StageCpuBasis).</param>
    public static CalibrationResult Fit(IReadOnlyList<HopSample> samples, int tiers, IReadOnlyList<(double Share, double PeriodS, double OverrunS)> quotas, IReadOnlyList<double>? ticksS = null,
        StageCpuBasis basis = StageCpuBasis.Walls)
    {
        var terms = new List<TermFit>();
        var (wireConstants, headerFactor, rSquared) = FitWire(samples, tiers, terms);
        var tier = Enumerable.Range(0, tiers).Select(k => new TierExecution(quotas[k].Share, quotas[k].PeriodS, 0, 0, IoShare: IoShareBesideWorker, QuotaOverrunS: quotas[k].OverrunS, SchedulerTickS: ticksS?[k] ?? 0)).ToArray();

        // A sample replayed on tier k's quota clock at the i-th spread phase: x after the preceding stage
        // (its fixed cost and its table time at the tier's fitted factor; back to back, so one burst).
        // The results sent between them: latency off the quota after a stage (SimulatedContinuum: "Round 10").
        double Replay(int k, HopSample s, double x, int i)
        {
            var t = tier[k];
            double before = s.PrecedingTableS > 0 ? t.StageS + s.PrecedingTableS * t.CpuPerTableS : 0;
            return t.BurstWallS(x, CpuQuotaClock.SpreadPhase(i), before);
        }
        double Term(string name, HopTerm term, int index, double fallback, Func<HopSample, int, double, double> replay, double lo, double hi, Func<HopSample, bool>? which = null)
        {
            var v = samples.Where(s => s.Term == term && s.Index == index && (term != HopTerm.Compute || s.SerialisationS > 0) && (which is null || which(s))).ToList();
            if (v.Count == 0) { terms.Add(new TermFit(name, 0, fallback, double.NaN)); return fallback; }
            // Each sample replayed at several phases: the replayed median is then the model's, not one draw's.
            double x = MatchMedian(v.Select(s => s.Seconds).ToArray(), (value, j) => replay(v[j / PhasesPerSample], j, value), lo, hi, PhasesPerSample);
            double sd = Math.Sqrt(v.Select((s, i) => s.Seconds - replay(s, i * PhasesPerSample, x)).Average(r => r * r));
            terms.Add(new TermFit(name, v.Count, x, sd));
            return x;
        }

        var send = new double[tiers];
        // The sensor link's send is the controller's (no quota): at face value.
        send[0] = Term("link0.send", HopTerm.Send, 0, 0, (s, _, x) => x, 0, 1);
        for (int k = 0; k < tiers; k++)
        {
            int tk = k;
            tier[k] = tier[k] with { QuotaNoticeS = FitNotice(k, tier[k], samples, terms) };
            // The stages whose CPU the agents measured, when the terms are fitted on it (else, or without them: the walls).
            var measured = basis == StageCpuBasis.MeasuredCpu ? MeasuredStages(k, samples) : null;
            bool onCpu = measured is not null;
            var (stage, factor) = measured is not null ? FitComputeOnCpu(k, tier[k], measured, terms, "") : FitCompute(k, tier[k], samples, terms);
            tier[k] = tier[k] with { ComputeFactor = factor, StageS = stage };
            tier[k] = tier[k] with { NetworkFactors = FitNetworks(k, tier[k], samples, terms, onCpu) };
            tier[k] = tier[k] with { ComputeSigma = FitDispersion(k, tier[k], samples, terms) };
            // The wait before the spread. On the measured CPU the spread is the CPU's around its line (the wait was
            // fitted on each stage's own CPU, so the CPU's spread is what makes the walls' median); else what
            // the stages' walls take beyond every constant.
            if (measured is not null) tier[k] = tier[k] with { CpuWaitRatio = FitCpuWait(k, tier[k], measured, terms) };
            var (spread, longSpread, split) = FitSpread(k, tier[k], samples, terms, onCpu);
            tier[k] = tier[k] with { StageSpreadS = spread, LongStageSpreadS = longSpread, SpreadSplitS = split };
            double receive = Term($"tier{k}.receive", HopTerm.Receive, k, 0, (s, i, x) => Replay(tk, s, x, i), 0, 1);
            tier[k] = tier[k] with { ReceiveS = receive };
            // A result's return after its stage is latency, not the tier's CPU: at face value (the median of
            // those that left an idle worker; those beside a computing one are BesideIoPeriods).
            double result = Term($"tier{k}.result", HopTerm.Result, k, 0, (s, _, x) => x, 0, 1, s => !s.Beside);
            tier[k] = tier[k] with { ResultS = result };
            if (k + 1 < tiers) send[k + 1] = Term($"link{k + 1}.send", HopTerm.Send, k + 1, 0, (s, i, x) => Replay(tk, s, x, i), 0, 1);
        }
        var beside = FitBesideIo(samples, tier, terms);
        var alone = FitResultAlone(samples, tiers, terms);
        for (int k = 0; k < tiers; k++) tier[k] = tier[k] with { BesideIoPeriods = beside[k], ResultAloneS = alone[k] };
        // Both testbeds' links are FIFOs (the loopback's user-space shaper sends one frame after
        // another; tc's tbf is a FIFO queue): frames in flight do not share the rate.
        var links = Enumerable.Range(0, tiers).Select(k => new LinkExecution(send[k], wireConstants[k], headerFactor, InOrder: true)).ToArray();
        return new CalibrationResult(tier, links, rSquared, terms);
    }

    /// <summary>
    /// A tier's stage: host CPU = stage + table x share x factor (TierExecution.StageS, ComputeFactor),
    /// each stage replayed alone on the quota clock (the receive before it is a fraction of the quota).
    /// Two conditions for two terms: the long stages (by table time) fix the factor for a given fixed
    /// cost, and the fixed cost is the one at which the short stages' median matches too (a larger
    /// fixed cost lowers the factor the long ones allow and raises the short ones' walls: bisection).
    /// When the two groups' table times differ by less than 2x they cannot be told apart: the fixed
    /// cost stays 0 (n=0 in the file) and the factor fits every stage.
    /// </summary>
    private static (double StageS, double Factor) FitCompute(int k, TierExecution tier, IReadOnlyList<HopSample> samples, List<TermFit> terms)
    {
        var all = samples.Where(s => s.Term == HopTerm.Compute && s.Index == k && s.SerialisationS > 0).OrderBy(s => s.SerialisationS).ToList();
        if (all.Count == 0)
        {
            terms.Add(new TermFit($"tier{k}.compute_factor", 0, 1, double.NaN));
            terms.Add(new TermFit($"tier{k}.stage", 0, 0, double.NaN));
            return (0, 1);
        }
        // The CPU the agents measured, beside the fit (not used by it): what the stages cost the quota,
        // against the factor fitted on walls, which also carries the host's contention (docs/validation.md, "A stage's CPU, measured").
        if (Measured(all) is { } measured) FitComputeOnCpu(k, tier, measured, terms, "measured_cpu_");
        double Wall(HopSample s, int j, double stageS, double factor) =>
            tier.BurstWallS(stageS + s.SerialisationS * (tier with { ComputeFactor = factor }).CpuPerTableS, CpuQuotaClock.SpreadPhase(j));
        double FactorFor(List<HopSample> set, double stageS) =>
            MatchMedian(set.Select(s => s.Seconds).ToArray(), (f, j) => Wall(set[j / PhasesPerSample], j, stageS, f), 0.05, 20, PhasesPerSample);
        double ReplayedMedian(List<HopSample> set, double stageS, double factor) =>
            Median(Enumerable.Range(0, set.Count * PhasesPerSample).Select(j => Wall(set[j / PhasesPerSample], j, stageS, factor)).ToArray());

        var (shorter, longer, _) = SplitShortLong(all);
        double stage = 0;
        bool separable = shorter.Count >= 3 && longer.Count >= 3 && Median(longer.Select(s => s.SerialisationS).ToArray()) >= 2 * Median(shorter.Select(s => s.SerialisationS).ToArray());
        if (separable)
        {
            double target = Median(shorter.Select(s => s.Seconds).ToArray());
            double lo = 0, hi = target;
            double ShortAt(double a) => ReplayedMedian(shorter, a, FactorFor(longer, a));
            if (ShortAt(lo) >= target) stage = lo;
            else if (ShortAt(hi) <= target) stage = hi;
            else
            {
                for (int it = 0; it < 30; it++)
                {
                    double mid = (lo + hi) / 2;
                    if (ShortAt(mid) < target) lo = mid;
                    else hi = mid;
                }
                stage = (lo + hi) / 2;
            }
        }
        double fitted = Math.Clamp(separable ? FactorFor(longer, stage) : FactorFor(all, 0), 0.05, 20);
        double sd = Math.Sqrt(all.Select((s, i) => s.Seconds - Wall(s, i * PhasesPerSample, stage, fitted)).Average(r => r * r));
        terms.Add(new TermFit($"tier{k}.compute_factor", separable ? longer.Count : all.Count, fitted, sd));
        terms.Add(new TermFit($"tier{k}.stage", separable ? shorter.Count : 0, stage, separable ? sd : double.NaN));
        return (stage, fitted);
    }

    /// <summary>
    /// The stages whose CPU the agent measured (StageReport's CPU, hops.csv's `cpu`), when there are at
    /// least <see cref="NetworkSamplesMin"/> of them (docs/validation.md, "A stage's CPU, measured").
    /// </summary>
    private static List<HopSample>? Measured(IEnumerable<HopSample> stages)
    {
        var m = stages.Where(s => double.IsFinite(s.CpuS) && s.CpuS > 0).ToList();
        return m.Count >= NetworkSamplesMin ? m : null;
    }

    /// <summary>Tier k's compute stages whose CPU the agents measured (Measured), or null.</summary>
    private static List<HopSample>? MeasuredStages(int k, IReadOnlyList<HopSample> samples) =>
        Measured(samples.Where(s => s.Term == HopTerm.Compute && s.Index == k && s.SerialisationS > 0).OrderBy(s => s.SerialisationS));

    /// <summary>
    /// The compute terms on measured CPU: host CPU = stage + table x share x factor, least squares over the
    /// stages. With StageCpuBasis.Walls a diagnostic beside FitCompute's (terms prefixed measured_cpu_), with
    /// MeasuredCpu the tier's terms (no prefix).
    /// When the short and the long stages cannot be told apart (split as FitCompute splits them, table
    /// times within 2x), no fixed cost and the factor the median of CPU / (table x share). The residual sd
    /// is of the CPU.
    /// </summary>
    private static (double StageS, double Factor) FitComputeOnCpu(int k, TierExecution tier, List<HopSample> all, List<TermFit> terms, string prefix)
    {
        double perTable = (tier with { ComputeFactor = 1 }).CpuPerTableS;
        var (shorter, longer, _) = SplitShortLong(all);
        double X(HopSample s) => s.SerialisationS * perTable;
        bool separable = shorter.Count >= 3 && longer.Count >= 3 && Median(longer.Select(X).ToArray()) >= 2 * Median(shorter.Select(X).ToArray());
        double stage = 0, factor;
        if (separable)
        {
            // Least squares over every stage: the CPU is measured directly, its noise no wall's.
            double mx = all.Average(X), my = all.Average(s => s.CpuS);
            factor = all.Sum(s => (X(s) - mx) * (s.CpuS - my)) / all.Sum(s => (X(s) - mx) * (X(s) - mx));
            stage = my - factor * mx;
            // A line that would give a negative fixed cost: none, the factor from the long stages.
            if (stage < 0 || factor <= 0) { stage = 0; factor = Median(longer.Select(s => s.CpuS / X(s)).ToArray()); }
        }
        else factor = Median(all.Select(s => s.CpuS / X(s)).ToArray());
        factor = Math.Clamp(factor, 0.05, 20);
        double sd = Math.Sqrt(all.Average(s => Math.Pow(s.CpuS - (stage + s.SerialisationS * perTable * factor), 2)));
        terms.Add(new TermFit($"tier{k}.{prefix}compute_factor", separable ? longer.Count : all.Count, factor, sd));
        terms.Add(new TermFit($"tier{k}.{prefix}stage", separable ? shorter.Count : 0, stage, separable ? sd : double.NaN));
        return (stage, factor);
    }

    /// <summary>
    /// A tier's stages (sorted by table time) split into short and long ones: below and above the
    /// geometric middle of the 10th and 90th percentile table times (a workload has a few stage sizes
    /// per tier; halving at the median would put one size on both sides). FitCompute, the measured CPU's
    /// line and FitSpread split so.
    /// </summary>
    private static (List<HopSample> Shorter, List<HopSample> Longer, double MiddleS) SplitShortLong(List<HopSample> sorted)
    {
        double p10 = sorted[(int)(0.1 * (sorted.Count - 1))].SerialisationS, p90 = sorted[(int)(0.9 * (sorted.Count - 1))].SerialisationS;
        double middle = Math.Sqrt(p10 * p90);
        return (sorted.Where(s => s.SerialisationS < middle).ToList(), sorted.Where(s => s.SerialisationS >= middle).ToList(), middle);
    }

    /// <summary>
    /// TierExecution.QuotaNoticeS: how far past its spent quota a running stage gets before the kernel
    /// throttles it, fitted where the agents measured their stages' CPU and the tier has a quota and a
    /// tick: each stage's measured CPU replayed on the tier's clock at spread phases, from a fresh
    /// period (the calibration's light load: a stage mostly starts on an idle tier), and the notice the
    /// value in [0, tick] at which the replayed walls' median is the measured walls' (bisection: a later
    /// notice lets a stage run further into its debt, so its wall shrinks). At the tick it is the tick's
    /// alone (a later notice never comes first); at 0 the measured walls are as long as the instant
    /// throttle makes them, or longer (the host's contention, which the wall-fitted terms then carry).
    /// Without measured CPU: infinite (only the tick, as before).
    /// </summary>
    private static double FitNotice(int k, TierExecution tier, IReadOnlyList<HopSample> samples, List<TermFit> terms)
    {
        var stages = Measured(samples.Where(s => s.Term == HopTerm.Compute && s.Index == k && s.SerialisationS > 0));
        if (stages is null || tier.QuotaS <= 0 || tier.SchedulerTickS <= 0) return double.PositiveInfinity;
        double tick = tier.SchedulerTickS;
        double target = Median(stages.Select(s => s.Seconds).ToArray());
        double ReplayedMedian(double notice) => Median(Enumerable.Range(0, stages.Count * PhasesPerSample)
            .Select(j => (tier with { QuotaNoticeS = notice }).BurstWallS(stages[j / PhasesPerSample].CpuS, CpuQuotaClock.SpreadPhase(j))).ToArray());
        double lo = 0, hi = tick, fitted;
        if (ReplayedMedian(lo) <= target) fitted = lo;
        else if (ReplayedMedian(hi) >= target) fitted = hi;
        else
        {
            for (int it = 0; it < 30 && hi - lo > 1e-7; it++)
            {
                double mid = (lo + hi) / 2;
                if (ReplayedMedian(mid) > target) lo = mid;
                else hi = mid;
            }
            fitted = (lo + hi) / 2;
        }
        double sd = Math.Sqrt(stages.Select((s, i) => s.Seconds - (tier with { QuotaNoticeS = fitted }).BurstWallS(s.CpuS, CpuQuotaClock.SpreadPhase(i * PhasesPerSample))).Average(r => r * r));
        terms.Add(new TermFit($"tier{k}.quota_notice", stages.Count, fitted, sd));
        return fitted;
    }

    /// <summary>
    /// TierExecution.CpuWaitRatio, with the stage CPU terms on the measured CPU: the wall each stage
    /// spends waiting for a host CPU per second of its CPU, the value in [0, 10] at which each stage's
    /// measured CPU replayed on the tier's clock at spread phases, plus the ratio x its CPU, has the
    /// measured walls' median (MatchMedian: the replays grow with it). 0 when the clock alone already
    /// makes the walls as long as measured, or longer.
    /// </summary>
    private static double FitCpuWait(int k, TierExecution tier, List<HopSample> stages, List<TermFit> terms)
    {
        double Wall(HopSample s, int j, double ratio) => tier.BurstWallS(s.CpuS, CpuQuotaClock.SpreadPhase(j)) + ratio * s.CpuS;
        double ratio = MatchMedian(stages.Select(s => s.Seconds).ToArray(), (x, j) => Wall(stages[j / PhasesPerSample], j, x), 0, 10, PhasesPerSample);
        double sd = Math.Sqrt(stages.Select((s, i) => s.Seconds - Wall(s, i * PhasesPerSample, ratio)).Average(r => r * r));
        terms.Add(new TermFit($"tier{k}.cpu_wait_ratio", stages.Count, ratio, sd));
        return ratio;
    }

    /// <summary>
    /// The network factors of repeated calibration runs (CalibrationRepeats), fitted once on the stages of
    /// all runs together against the combined tier terms, instead of the median of each run's own fit. A
    /// run of the workload puts only a few stages of each network on the device (7 of asg-base in a 25 s
    /// run), below <see cref="NetworkSamplesMin"/>, so no run fitted that factor and the median left it at
    /// 1, although three runs hold 21 such stages (docs/validation.md, "Network factors pooled over the
    /// runs"). On the measured CPU each tier's spread is then refitted on the stages of all runs against
    /// those factors (the CPU's amounts around the terms). The other terms stay the runs' medians.
    /// </summary>
    public static CalibrationResult WithNetworksPooled(CalibrationResult combined, IReadOnlyList<HopSample> samples, int runs, StageCpuBasis basis = StageCpuBasis.Walls)
    {
        var pooled = new List<TermFit>();
        var spreads = new List<TermFit>();
        var tiers = combined.Tiers.Select((t, k) =>
        {
            bool onCpu = basis == StageCpuBasis.MeasuredCpu && MeasuredStages(k, samples) is not null;
            var tier = t with { NetworkFactors = FitNetworks(k, t, samples, pooled, onCpu) };
            if (!onCpu) return tier;
            // On the measured CPU the spread is the CPU's around the terms, so it follows the pooled factors: a
            // run's own fit had factor 1 for a network with too few stages of it, and its amounts that network's
            // offset (the device's spread median -0.14 ms on r28's calibration where the pooled stages' is 0).
            var (spread, longSpread, split) = FitSpread(k, tier, samples, spreads, onCpu: true);
            return tier with { StageSpreadS = spread, LongStageSpreadS = longSpread, SpreadSplitS = split };
        }).ToArray();
        var marked = pooled.Select(t => t with { Runs = runs, Pooled = true }).ToList();
        var spreadTerms = spreads.Select(t => t with { Runs = runs, Pooled = true }).ToList();
        static string TierOf(string term) => term[..(term.IndexOf('.') + 1)];
        static bool IsSpread(string term) => term.Contains(".stage_spread_", StringComparison.Ordinal) || term.Contains(".long_stage_spread_", StringComparison.Ordinal);
        var respread = spreadTerms.Select(t => TierOf(t.Term)).ToHashSet(StringComparer.Ordinal);
        // Each tier's pooled terms where its per-run ones were (after its fixed cost), a refitted tier's spread
        // terms all the pooled fit's, the others as they were.
        var terms = new List<TermFit>();
        foreach (var t in combined.Terms)
        {
            if (t.Term.EndsWith(".network_factor", StringComparison.Ordinal) || (IsSpread(t.Term) && respread.Contains(TierOf(t.Term)))) continue;
            terms.Add(t);
            if (t.Term.EndsWith(".stage", StringComparison.Ordinal) && t.Term.StartsWith("tier", StringComparison.Ordinal))
            {
                string tier = t.Term[..^"stage".Length];
                terms.AddRange(marked.Where(m => m.Term.StartsWith(tier, StringComparison.Ordinal)));
                terms.AddRange(spreadTerms.Where(m => m.Term.StartsWith(tier, StringComparison.Ordinal)));
            }
        }
        return combined with { Tiers = tiers, Terms = terms };
    }

    /// <summary>
    /// TierExecution.BesideIoPeriods: every result that left beside a computing worker (HopSample.Beside)
    /// on a tier under a quota, its return in that tier's quota periods. Each tier with at least
    /// <see cref="BesideSamplesMin"/> of its own gets its own distribution: the waits differ by tier
    /// (r23's and r24's calibrations: the device's median 3.0 periods, the cloud's 2.2-2.3; their
    /// validation runs the same, 3.01 and 2.29; docs/validation.md, "Round 14"). A tier with fewer gets
    /// the distribution of every tier's pooled (in periods, so that tiers of different periods pool;
    /// a light calibration has a few dozen such results in all), if that has enough; else none (the IO's
    /// share, as before). The simulator gives a frame's receive beside the worker the same wait: the trace
    /// cannot tell when a frame reached the agent's socket before its thread read it, so it is not fitted
    /// on its own. Quantiles at SpreadQuantiles equal steps; one per tier, null where there are none.
    /// </summary>
    public static double[]?[] FitBesideIo(IReadOnlyList<HopSample> samples, IReadOnlyList<TierExecution> tiers, List<TermFit> terms)
    {
        var beside = samples.Where(s => s.Term == HopTerm.Result && s.Beside && s.Index < tiers.Count && tiers[s.Index].QuotaS > 0).ToList();
        double[] Periods(IEnumerable<HopSample> of) => of.Select(s => s.Seconds / tiers[s.Index].QuotaPeriodS).OrderBy(x => x).ToArray();
        var pooled = Periods(beside);
        terms.Add(new TermFit("beside_io.median_periods", pooled.Length, pooled.Length > 0 ? Quantile(pooled, 0.5) : 0, double.NaN));
        var fits = new double[]?[tiers.Count];
        for (int k = 0; k < tiers.Count; k++)
        {
            if (tiers[k].QuotaS <= 0) continue;
            var own = Periods(beside.Where(s => s.Index == k));
            if (own.Length > 0) terms.Add(new TermFit($"tier{k}.beside_io.median_periods", own.Length, Quantile(own, 0.5), double.NaN));
            var from = own.Length >= BesideSamplesMin ? own : pooled;
            if (from.Length >= BesideSamplesMin) fits[k] = Quantiles(from);
        }
        return fits;
    }

    /// <summary>Fewest results beside a computing worker for TierExecution.BesideIoPeriods (a tier's own, or pooled).</summary>
    public const int BesideSamplesMin = 20;

    /// <summary>
    /// TierExecution.ResultAloneS: per tier, the returns of its results that left an idle worker (not
    /// HopSample.Beside) at face value, as TierExecution.ResultS's median is; their tail is the quota's
    /// next period. Quantiles at SpreadQuantiles equal steps where the tier has at least
    /// <see cref="ResultSamplesMin"/>, else none (ResultS for every return, as before).
    /// </summary>
    public static double[]?[] FitResultAlone(IReadOnlyList<HopSample> samples, int tiers, List<TermFit> terms)
    {
        var fits = new double[]?[tiers];
        for (int k = 0; k < tiers; k++)
        {
            var v = samples.Where(s => s.Term == HopTerm.Result && !s.Beside && s.Index == k).Select(s => s.Seconds).OrderBy(x => x).ToArray();
            terms.Add(new TermFit($"tier{k}.result_alone.p90", v.Length, v.Length > 0 ? Quantile(v, 0.9) : 0, double.NaN));
            if (v.Length >= ResultSamplesMin) fits[k] = Quantiles(v);
        }
        return fits;
    }

    /// <summary>Fewest idle returns of a tier for TierExecution.ResultAloneS.</summary>
    public const int ResultSamplesMin = 20;

    private static double[] Quantiles(double[] sorted) =>
        Enumerable.Range(0, SpreadQuantiles).Select(i => Quantile(sorted, i / (double)(SpreadQuantiles - 1))).ToArray();

    /// <summary>
    /// The results' return distributions of repeated calibration runs (BesideIoPeriods, ResultAloneS) fitted
    /// once on the results of all runs together (a run has a few dozen beside results at most), as
    /// WithNetworksPooled does for the network factors.
    /// </summary>
    public static CalibrationResult WithReturnsPooled(CalibrationResult combined, IReadOnlyList<HopSample> samples, int runs)
    {
        var pooled = new List<TermFit>();
        var beside = FitBesideIo(samples, combined.Tiers, pooled);
        var alone = FitResultAlone(samples, combined.Tiers.Count, pooled);
        var tiers = combined.Tiers.Select((t, k) => t with { BesideIoPeriods = beside[k], ResultAloneS = alone[k] }).ToArray();
        bool Refitted(TermFit t) => t.Term.StartsWith("beside_io.", StringComparison.Ordinal) || t.Term.Contains(".beside_io.", StringComparison.Ordinal)
            || t.Term.Contains(".result_alone.", StringComparison.Ordinal);
        var terms = combined.Terms.Where(t => !Refitted(t)).Concat(pooled.Select(t => t with { Runs = runs, Pooled = true })).ToList();
        return combined with { Tiers = tiers, Terms = terms };
    }

    /// <summary>Fewest compute samples of a network on a tier for its own factor; below, it keeps 1.</summary>
    public const int NetworkSamplesMin = 10;

    /// <summary>
    /// Per network with at least <see cref="NetworkSamplesMin"/> stages on tier k: the factor m by which
    /// its stages' host CPU differs from the tier's (stage + table x share x factor x m), the value at
    /// which the replayed walls' median of its longer half of stages equals their measured median
    /// (MatchMedian, as every CPU term). The
    /// tier's factor is fitted on every network's stages together, so the m's sit around 1; a network
    /// the workload did not run on the tier has none (1). <paramref name="onCpu"/> (StageCpuBasis.MeasuredCpu):
    /// the value at which the modelled CPU's median of those stages is their measured CPU's, each stage's
    /// measured CPU in place of its wall and no quota clock; the sd is then of the CPU.
    /// </summary>
    private static Dictionary<string, double>? FitNetworks(int k, TierExecution tier, IReadOnlyList<HopSample> samples, List<TermFit> terms, bool onCpu = false)
    {
        var byNetwork = samples.Where(s => s.Term == HopTerm.Compute && s.Index == k && s.SerialisationS > 0 && s.Network.Length > 0)
            .GroupBy(s => s.Network).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (byNetwork.Count < 2) return null;
        var factors = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var g in byNetwork)
        {
            var all = onCpu ? g.Where(s => double.IsFinite(s.CpuS) && s.CpuS > 0).ToList() : g.ToList();
            if (all.Count < NetworkSamplesMin) { terms.Add(new TermFit($"tier{k}.{g.Key}.network_factor", all.Count, 1, double.NaN)); continue; }
            // The network's longer half of stages (by table time), where its table part outweighs the
            // tier's fixed cost, as the tier's factor is fitted on its long stages.
            double middle = Median(all.Select(s => s.SerialisationS).ToArray());
            var set = all.Where(s => s.SerialisationS >= middle).ToList();
            double Wall(HopSample s, int j, double m) =>
                tier.BurstWallS(tier.StageS + s.SerialisationS * tier.CpuPerTableS * m, CpuQuotaClock.SpreadPhase(j));
            double Cpu(HopSample s, double m) => tier.StageS + s.SerialisationS * tier.CpuPerTableS * m;
            double m = onCpu
                ? MatchMedian(set.Select(s => s.CpuS).ToArray(), (x, j) => Cpu(set[j], x), 0.1, 10)
                : MatchMedian(set.Select(s => s.Seconds).ToArray(), (x, j) => Wall(set[j / PhasesPerSample], j, x), 0.1, 10, PhasesPerSample);
            double sd = onCpu
                ? Math.Sqrt(set.Average(s => Math.Pow(s.CpuS - Cpu(s, m), 2)))
                : Math.Sqrt(set.Select((s, i) => s.Seconds - Wall(s, i * PhasesPerSample, m)).Average(r => r * r));
            terms.Add(new TermFit($"tier{k}.{g.Key}.network_factor", set.Count, m, sd));
            factors[g.Key] = m;
        }
        return factors.Count > 0 ? factors : null;
    }

    /// <summary>
    /// TierExecution.ComputeSigma: the spread of tier k's stages beyond what the quota's phase gives.
    /// Each stage's measured wall is set against the median of its own replays (its fitted terms,
    /// network factor included, at spread phases); sigma is the value at which the replayed walls, each
    /// with its CPU multiplied by a lognormal of mean 1 and that sigma (at spread normal quantiles,
    /// paired with spread phases: deterministic), have the measured walls' interquartile range of
    /// log(wall / that median) (bisection: the range grows with sigma). The phases' own spread is in
    /// both, so sigma is what the constants leave out. Fewer than NetworkSamplesMin stages: 0.
    /// </summary>
    private static double FitDispersion(int k, TierExecution tier, IReadOnlyList<HopSample> samples, List<TermFit> terms)
    {
        var all = samples.Where(s => s.Term == HopTerm.Compute && s.Index == k && s.SerialisationS > 0).ToList();
        if (all.Count < NetworkSamplesMin) { terms.Add(new TermFit($"tier{k}.compute_sigma", all.Count, 0, double.NaN)); return 0; }
        double Cpu(HopSample s) => tier.StageS + s.SerialisationS * tier.CpuPerTableSOf(s.Network);
        double Wall(double cpuS, int j) => tier.BurstWallS(cpuS, CpuQuotaClock.SpreadPhase(j));
        double[] centre = all.Select((s, i) => Median(Enumerable.Range(i * PhasesPerSample, PhasesPerSample).Select(j => Wall(Cpu(s), j)).ToArray())).ToArray();
        double measured = LogIqr(all.Select((s, i) => Math.Log(s.Seconds / centre[i])).ToArray());
        double Replayed(double sigma) => LogIqr(Enumerable.Range(0, all.Count * PhasesPerSample).Select(j =>
        {
            double u = ((j + 1) * 0.7548776662466927 + 0.5 / (all.Count * PhasesPerSample)) % 1.0; // plastic-number steps: not the phases' golden ones
            double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, Math.Clamp(u, 1e-6, 1 - 1e-6));
            return Math.Log(Wall(Cpu(all[j / PhasesPerSample]) * Math.Exp(sigma * z - sigma * sigma / 2), j) / centre[j / PhasesPerSample]);
        }).ToArray());
        double lo = 0, hi = 2;
        if (Replayed(lo) >= measured) hi = lo;
        else if (Replayed(hi) <= measured) lo = hi;
        for (int it = 0; it < 30 && hi - lo > 1e-4; it++)
        {
            double mid = (lo + hi) / 2;
            if (Replayed(mid) < measured) lo = mid;
            else hi = mid;
        }
        double fitted = (lo + hi) / 2;
        terms.Add(new TermFit($"tier{k}.compute_sigma", all.Count, fitted, double.NaN));
        return fitted;
    }

    /// <summary>Quantiles of TierExecution.StageSpreadS: the 0th, 5th, ..., 100th percentile.</summary>
    public const int SpreadQuantiles = 21;

    /// <summary>
    /// TierExecution.StageSpreadS: the empirical distribution of what each of tier k's stages took
    /// beyond the tier's constants. With the terms on the measured CPU (onCpu), every stage's measured CPU
    /// less the terms' CPU for it (fixed cost + table x share x factor x its network's factor). Else, for every stage, the amount x of host CPU at which the median of
    /// its replays (stage + table x share x factor x its network's factor + x, at spread phases of the
    /// quota period: the fit's other CPU terms' view) equals its measured wall (bisection: the replayed
    /// walls grow with x; a wall shorter than any replay gives x = -its CPU); the file keeps the
    /// amounts' quantiles at 5 % steps, for the short and the long stages apart when the two can be told
    /// apart (as FitCompute splits them; the split's table time is the file's spread_split_ms). An amount, not a ratio: on the calibration of 30 November 21:17 UTC the
    /// device's short stages (5.3 ms in the table) and its long ones (26-28 ms) spread by about the
    /// same milliseconds (10th to 90th percentile -0.7 … +2.4 ms and -1.3 … +1.9 ms), where a ratio fitted
    /// on both (ComputeSigma 0.11) gave the short stages' tail a third of the measured one. Fewer than
    /// NetworkSamplesMin stages: none (null).
    /// </summary>
    private static (double[]? Spread, double[]? LongSpread, double SplitS) FitSpread(int k, TierExecution tier, IReadOnlyList<HopSample> samples, List<TermFit> terms, bool onCpu = false)
    {
        var all = samples.Where(s => s.Term == HopTerm.Compute && s.Index == k && s.SerialisationS > 0 && (!onCpu || double.IsFinite(s.CpuS))).OrderBy(s => s.SerialisationS).ToList();
        // On the measured CPU: each stage's CPU less the terms' (its line and its network's factor). Fitted on
        // the walls instead, the amounts also carried what the walls took beyond the wait's median (the wait
        // one ratio per tier, the walls' excess another per network): the cloud's long stages drew -0.15 to
        // -0.46 ms at the median in four calibrations where their CPU sat on its line (docs/validation.md, "Round 15").
        double Extra(HopSample s, int i) => onCpu
            ? s.CpuS - (tier.StageS + s.SerialisationS * tier.CpuPerTableSOf(s.Network))
            : ExtraCpuS(s.Seconds, tier.StageS + s.SerialisationS * tier.CpuPerTableSOf(s.Network), tier.QuotaS, tier.QuotaPeriodS, i, tier.QuotaOverrunS, tier.SchedulerTickS, tier.QuotaNoticeS, tier.CpuWaitRatio);
        double[]? Quantiles(List<HopSample> set, string name)
        {
            if (set.Count < NetworkSamplesMin)
            {
                terms.Add(new TermFit($"tier{k}.{name}_p10", set.Count, 0, double.NaN));
                terms.Add(new TermFit($"tier{k}.{name}_p90", set.Count, 0, double.NaN));
                return null;
            }
            var extras = set.Select((s, i) => Extra(s, i)).Order().ToArray();
            terms.Add(new TermFit($"tier{k}.{name}_p10", set.Count, Quantile(extras, 0.1), double.NaN));
            terms.Add(new TermFit($"tier{k}.{name}_p90", set.Count, Quantile(extras, 0.9), double.NaN));
            return Enumerable.Range(0, SpreadQuantiles).Select(i => Quantile(extras, i / (double)(SpreadQuantiles - 1))).ToArray();
        }
        // Short and long stages split as FitCompute splits them, each with its own distribution when both
        // have enough stages and their table times differ by 2x or more; else one for every stage.
        if (all.Count >= 2 * NetworkSamplesMin)
        {
            var (shorter, longer, middle) = SplitShortLong(all);
            if (shorter.Count >= NetworkSamplesMin && longer.Count >= NetworkSamplesMin
                && Median(longer.Select(s => s.SerialisationS).ToArray()) >= 2 * Median(shorter.Select(s => s.SerialisationS).ToArray()))
                return (Quantiles(shorter, "stage_spread"), Quantiles(longer, "long_stage_spread"), middle);
        }
        return (Quantiles(all, "stage_spread"), null, 0);
    }

    /// <summary>
    /// The host CPU x to add to a stage of <paramref name="cpuS"/> so that the median of its replays on
    /// the quota clock (at <see cref="PhasesPerSample"/> spread phases, the i-th sample's) equals its measured
    /// <paramref name="wallS"/>; in [-cpu, wall] (a wall is never shorter than its CPU).
    /// </summary>
    public static double ExtraCpuS(double wallS, double cpuS, double quotaS, double periodS, int sample, double overrunS = 0, double tickS = 0, double noticeS = double.PositiveInfinity, double waitRatio = 0)
    {
        // The stage's wait for a host CPU (TierExecution.CpuWaitRatio) after its bursts, as the simulator runs it.
        double Replayed(double x) => Median(Enumerable.Range(sample * PhasesPerSample, PhasesPerSample)
            .Select(j => CpuQuotaClock.BurstWallS(cpuS + x, quotaS, periodS, CpuQuotaClock.SpreadPhase(j), 0, overrunS, tickS, noticeS) + waitRatio * Math.Max(0, cpuS + x)).ToArray());
        double lo = -cpuS, hi = Math.Max(0, wallS);
        if (Replayed(lo) >= wallS) return lo;
        for (int it = 0; it < 50 && hi - lo > 1e-9; it++)
        {
            double mid = (lo + hi) / 2;
            if (Replayed(mid) < wallS) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /// <summary>The p-quantile of sorted values, linear between order statistics.</summary>
    private static double Quantile(double[] sorted, double p)
    {
        double pos = p * (sorted.Length - 1);
        int i = (int)pos;
        return i + 1 < sorted.Length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }

    /// <summary>Interquartile range of the values (the spread's robust measure: a few outliers do not move it).</summary>
    private static double LogIqr(double[] values)
    {
        var v = values.OrderBy(x => x).ToArray();
        double Q(double p) { double pos = p * (v.Length - 1); int i = (int)pos; return i + 1 < v.Length ? v[i] + (pos - i) * (v[i + 1] - v[i]) : v[i]; }
        return Q(0.75) - Q(0.25);
    }

    /// <summary>Replays per sample, each at its own spread phase of the quota period.</summary>
    public const int PhasesPerSample = 8;

    /// <summary>
    /// The x in [lo, hi] at which the median of replay(x, i) (i over every sample's replays) over the samples equals the median of the
    /// measured values (each replay grows with x, so their median does: bisection); lo or hi if the
    /// measured median lies outside what x can give.
    /// </summary>
    public static double MatchMedian(double[] measured, Func<double, int, double> replay, double lo, double hi, int replaysPerSample = 1)
    {
        double target = Median(measured);
        double ReplayedMedian(double x) => Median(Enumerable.Range(0, measured.Length * replaysPerSample).Select(i => replay(x, i)).ToArray());
        if (ReplayedMedian(lo) >= target) return lo;
        if (ReplayedMedian(hi) <= target) return hi;
        for (int it = 0; it < 40 && hi - lo > 1e-12 * Math.Max(1, hi); it++)
        {
            double mid = (lo + hi) / 2;
            if (ReplayedMedian(mid) < target) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }

    public static double Median(double[] values)
    {
        var v = values.Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private static (double[] Constants, double Factor, double RSquared) FitWire(IReadOnlyList<HopSample> samples, int links, List<TermFit> terms)
    {
        var wire = samples.Where(s => s.Term == HopTerm.Wire && s.Index >= 0 && s.Index < links).ToList();
        var present = Enumerable.Range(0, links).Where(k => wire.Any(s => s.Index == k)).ToList();
        var constants = new double[links];
        // The factor is only identifiable when the frames' serialisation times differ beyond the links' own constants.
        bool slope = wire.Count > present.Count + 1 && present.Any(k => Spread(wire.Where(s => s.Index == k).Select(s => s.SerialisationS)) > 1e-9);
        int columns = present.Count + (slope ? 1 : 0);
        if (columns == 0) { for (int k = 0; k < links; k++) terms.Add(new TermFit($"link{k}.wire", 0, 0, double.NaN)); return (constants, 1, double.NaN); }
        var x = Matrix<double>.Build.Dense(wire.Count, columns);
        var y = Vector<double>.Build.Dense(wire.Count);
        for (int i = 0; i < wire.Count; i++)
        {
            x[i, present.IndexOf(wire[i].Index)] = 1;
            if (slope) x[i, columns - 1] = wire[i].SerialisationS;
            // Without a slope the frame's own serialisation is taken at face value (factor 1).
            y[i] = wire[i].Seconds - (slope ? 0 : wire[i].SerialisationS);
        }
        var beta = x.QR().Solve(y);
        double factor = slope ? Math.Clamp(beta[columns - 1], 1, 4) : 1;
        var residuals = new double[wire.Count];
        for (int i = 0; i < wire.Count; i++)
        {
            var s = wire[i];
            double fitted = beta[present.IndexOf(s.Index)] + (slope ? beta[columns - 1] * s.SerialisationS : 0);
            residuals[i] = y[i] - fitted;
        }
        double mean = y.Average();
        double total = y.Sum(v => (v - mean) * (v - mean));
        double rSquared = total > 0 ? 1 - residuals.Sum(r => r * r) / total : double.NaN;
        for (int k = 0; k < links; k++)
        {
            int j = present.IndexOf(k);
            var own = Enumerable.Range(0, wire.Count).Where(i => wire[i].Index == k).Select(i => y[i] - (slope ? factor * wire[i].SerialisationS : 0)).Order().ToArray();
            constants[k] = j < 0 || own.Length == 0 ? 0 : Math.Max(0, own.Length % 2 == 1 ? own[own.Length / 2] : (own[own.Length / 2 - 1] + own[own.Length / 2]) / 2);
            var mine = Enumerable.Range(0, wire.Count).Where(i => wire[i].Index == k).Select(i => residuals[i]).ToArray();
            terms.Add(new TermFit($"link{k}.wire", mine.Length, constants[k], mine.Length == 0 ? double.NaN : Math.Sqrt(mine.Average(r => r * r))));
        }
        terms.Add(new TermFit("wire_bytes_factor", wire.Count, factor, double.NaN));
        return (constants, factor, rSquared);
    }

    private static double Spread(IEnumerable<double> values)
    {
        var v = values.ToArray();
        return v.Length == 0 ? 0 : v.Max() - v.Min();
    }
}
