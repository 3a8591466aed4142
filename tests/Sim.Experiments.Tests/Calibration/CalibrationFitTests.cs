namespace T2CSim.Tests.Experiments.Calibration;

using T2CSim.Core.Domain;
using T2CSim.Core.Execution;
using T2CSim.Experiments.Calibration;

/// <summary>The calibration fit recovers known terms from synthetic hop timings, and its file loads back.</summary>
public class CalibrationFitTests
{
    private static readonly (double Share, double PeriodS, double OverrunS)[] Quotas = [(0.16, 0.0063, 0), (0.354, 0.0029, 0), (0.708, 0.002, 0)];

    private static readonly double[] Send = [0.0004, 0.0011, 0.0009], WireConstant = [0.0006, 0.0002, 0.0003], Receive = [0.0012, 0.0005, 0.0003], Result = [0.0021, 0.0013, 0.0008];
    private static readonly double[] ComputeFactor = [1.8, 1.2, 0.9], StageCost = [0.0004, 0.0006, 0.0003];
    private const double HeaderFactor = 1.05;

    /// <summary>
    /// Hop timings made from known terms, as the testbed makes them: every CPU burst runs on its tier's
    /// CFS quota (CpuQuotaClock) from a random phase of the period (System.Random, not the fit's spread
    /// phases), link k's send after tier k-1's stage; a result's return is latency off the quota; each CPU burst with a deterministic ±5 % wobble (wire: ±20 µs).
    /// The stages belong to two networks, "a" and "b" (short and long ones each); b's table part takes
    /// <paramref name="networkB"/> times a's host CPU. With <paramref name="stageSigma"/> every stage's CPU is
    /// also multiplied by a lognormal of mean 1 and that sigma (TierExecution.ComputeSigma); with
    /// <paramref name="extraHighS"/> > 0 every stage's CPU gains an amount uniform in [<paramref name="extraLowS"/>,
    /// <paramref name="extraHighS"/>] (TierExecution.StageSpreadS).
    /// </summary>
    private static List<HopSample> Synthetic(double networkB = 1, double stageSigma = 0, double extraLowS = 0, double extraHighS = 0, bool extraShortOnly = false)
    {
        var random = new Random(7);
        double Wobble(double v) => v * (0.95 + 0.1 * random.NextDouble());
        double Quota(int k) => Quotas[k].Share * Quotas[k].PeriodS;
        double Wall(int k, double cpu, double before = 0) => CpuQuotaClock.BurstWallS(cpu, Quota(k), Quotas[k].PeriodS, random.NextDouble(), before);
        var samples = new List<HopSample>();
        for (int i = 0; i < 200; i++)
            for (int k = 0; k < 3; k++)
            {
                double serialisation = (500 + 50 * (i % 40)) * 8.0 / (k == 0 ? 1e6 : 24e6);
                samples.Add(new HopSample(HopTerm.Wire, k, WireConstant[k] + HeaderFactor * serialisation + (random.NextDouble() - 0.5) * 4e-5, serialisation));
                samples.Add(new HopSample(HopTerm.Receive, k, Wall(k, Wobble(Receive[k]))));
                // Short stages and long ones (1-7 ms and 8-56 ms in the table), so the fixed cost shows.
                double table = 0.001 * (1 + i % 7) * (i % 2 == 0 ? 1 : 8);
                bool b = i / 2 % 2 == 1;
                double stage = StageCost[k] + table * Quotas[k].Share * ComputeFactor[k] * (b ? networkB : 1);
                double spread = 1;
                if (stageSigma > 0)
                {
                    double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    spread = Math.Exp(stageSigma * z - stageSigma * stageSigma / 2);
                }
                double extra = extraHighS > 0 && !(extraShortOnly && i % 2 == 1) ? extraLowS + (extraHighS - extraLowS) * random.NextDouble() : 0;
                samples.Add(new HopSample(HopTerm.Compute, k, Wall(k, Wobble(stage * spread) + extra), table, Network: b ? "b" : "a"));
                int results = i % 3 == 0 ? 2 : 1;
                // A result's return is latency off the quota (SimulatedContinuum): its time as it is.
                for (int r = 0; r < results; r++)
                {
                    samples.Add(new HopSample(HopTerm.Result, k, Wobble(Result[k]), 0, table, r));
                    // The phase a result drew when it ran on the quota, still drawn: the other samples stay
                    // the draws the tolerances below were set on (over seeds 1-12 the device's factor
                    // fits 1.68-1.94 for 1.8, unbiased; seed 7 without this draw gives the 1.68).
                    random.NextDouble();
                }
                // The send of link k is the controller's for k = 0, else after tier k-1's stage.
                samples.Add(k == 0
                    ? new HopSample(HopTerm.Send, 0, Wobble(Send[0]))
                    : new HopSample(HopTerm.Send, k, Wall(k - 1, Wobble(Send[k]), stage), 0, table, results));
            }
        return samples;
    }

    [Test]
    public void The_fit_recovers_known_terms_from_synthetic_hop_timings()
    {
        var fit = CalibrationFit.Fit(Synthetic(), 3, Quotas);
        Assert.That(fit.Links.Select(l => l.WireBytesFactor), Has.All.EqualTo(HeaderFactor).Within(0.005));
        Assert.That(fit.Links.Select(l => l.WireS), Is.EqualTo(WireConstant).Within(1e-5));
        Assert.That(fit.Tiers.Select(t => t.CpuShare), Is.EqualTo(new[] { 0.16, 0.354, 0.708 }), "shares are the tiers' emulation, not fitted");
        Assert.That(fit.Tiers.Select(t => t.IoShare), Has.All.EqualTo(0.5), "the IO thread beside the worker: CFS's equal weight, not fitted");
        // Through the quota clock: a stage that crosses its quota measures several times its CPU, and
        // a send after a stage waits for the next period; the fit recovers the CPU itself.
        // The fixed cost is a few per cent of a long stage, so its fit is the looser one (this data: 0.21,
        // 0.57, 0.20 ms for 0.4, 0.6, 0.3; factors 1.88, 1.22, 0.93): a fit without it gives 0 and fails.
        Assert.That(fit.Tiers.Select(t => t.ComputeFactor), Is.EqualTo(ComputeFactor).Within(0.1));
        Assert.That(fit.Tiers.Select(t => t.StageS), Is.EqualTo(StageCost).Within(0.25e-3));
        Assert.That(fit.Tiers.Select(t => t.ReceiveS), Is.EqualTo(Receive).Within(0.06e-3));
        Assert.That(fit.Tiers.Select(t => t.ResultS), Is.EqualTo(Result).Within(0.2e-3));
        Assert.That(fit.Links.Select(l => l.SendS), Is.EqualTo(Send).Within(0.15e-3));
        Assert.That(fit.WireRSquared, Is.GreaterThan(0.99));
    }

    [Test, Category("Slow")]
    public void The_fit_recovers_a_known_spread_of_stage_cpu_and_none_from_constant_stages()
    {
        // The ±5 % wobble alone is a log-spread of about 0.03; with a lognormal sigma of 0.25 on top,
        // sqrt(0.25² + 0.03²) = 0.252, through the quota clock's phase steps (which the fit replays).
        var constant = CalibrationFit.Fit(Synthetic(), 3, Quotas);
        // The device's walls step by its 6.25 ms periods, so its interquartile range is the coarsest (0.10).
        Assert.That(constant.Tiers.Select(t => t.ComputeSigma), Has.All.LessThan(0.12));
        var spread = CalibrationFit.Fit(Synthetic(stageSigma: 0.25), 3, Quotas);
        // 200 stages per tier: this data gives 0.24, 0.29, 0.23.
        Assert.That(spread.Tiers.Select(t => t.ComputeSigma), Has.All.EqualTo(0.252).Within(0.05));
        Assert.That(spread.Tiers.Zip(constant.Tiers, (a, b) => a.ComputeSigma > b.ComputeSigma + 0.1), Has.All.True);
        Assert.That(spread.Terms.Where(t => t.Term.EndsWith("compute_sigma", StringComparison.Ordinal)).Select(t => t.Samples), Has.All.EqualTo(200));
    }

    [Test, Category("Slow")]
    public void The_fit_recovers_a_known_stage_spread_as_amounts_of_cpu()
    {
        // Every stage's CPU gains an amount uniform in [-0.5, +4.5] ms. The tier's constants (factor,
        // fixed cost) are fitted on the medians, so they take the amounts' median (2 ms) and the spread
        // is what is left: uniform in [-2.5, +2.5] ms, its 10th / 90th percentiles -2 / +2 ms. Replayed
        // through the quota clock at spread phases (the fit's view), each stage's wall gives back its
        // amount, up to the phase's and the ±5 % wobble's spread (±0.8 ms on a 16 ms stage): this data
        // gives p10 / p90 of -1.62 / 2.27, -1.67 / 2.36, -2.13 / 2.16 ms. Without the amounts the
        // spread is the wobble's alone, p90 - p10 1.48 / 1.18 / 1.00 ms.
        var spread = CalibrationFit.Fit(Synthetic(extraLowS: -0.0005, extraHighS: 0.0045), 3, Quotas);
        var constant = CalibrationFit.Fit(Synthetic(), 3, Quotas);
        // Short stages (1-7 ms in the table) and long ones (8-56 ms) have a distribution each, split at the
        // geometric middle of the 10th and 90th percentile table times (sqrt(2 x 48) = 9.8 ms).
        Assert.That(spread.Tiers.Select(t => t.SpreadSplitS * 1000), Has.All.EqualTo(Math.Sqrt(2 * 48)).Within(1e-6));
        for (int k = 0; k < 3; k++)
        {
            var q = spread.Tiers[k].StageSpreadS!;
            var l = spread.Tiers[k].LongStageSpreadS!;
            TestContext.Progress.WriteLine($"tier {k}: short p10 {q[2] * 1000:0.###} p50 {q[10] * 1000:0.###} p90 {q[18] * 1000:0.###} ms, long p10 {l[2] * 1000:0.###} p50 {l[10] * 1000:0.###} p90 {l[18] * 1000:0.###} ms; constant short p10 {constant.Tiers[k].StageSpreadS![2] * 1000:0.###} p90 {constant.Tiers[k].StageSpreadS![18] * 1000:0.###}, long p10 {constant.Tiers[k].LongStageSpreadS![2] * 1000:0.###} p90 {constant.Tiers[k].LongStageSpreadS![18] * 1000:0.###}");
        }
        Assert.That(spread.Tiers.Select(t => t.StageSpreadS!.Count), Has.All.EqualTo(CalibrationFit.SpreadQuantiles));
        Assert.That(spread.Tiers.SelectMany(t => new[] { t.StageSpreadS!, t.LongStageSpreadS! }).Select(q => q.Zip(q.Skip(1), (a, b) => a <= b).All(x => x)), Has.All.True, "ascending");
        // The short stages: this data gives p10 / p50 / p90 of -1.58 / 0.12 / 2.16, -1.73 / 0.16 / 2.22,
        // -1.45 / 0.11 / 2.38 ms. The long ones carry the ±5 % wobble of up to 36 ms of CPU as well (up to
        // ±1.8 ms; without the amounts p90 - p10 is 2.2, 1.4, 1.9 ms): their range is wider by the amounts'.
        foreach (var q in spread.Tiers.Select(t => t.StageSpreadS!))
        {
            Assert.That(q[2] * 1000, Is.EqualTo(-2).Within(0.6));
            Assert.That(q[10] * 1000, Is.EqualTo(0).Within(0.4));
            Assert.That(q[18] * 1000, Is.EqualTo(2).Within(0.6));
        }
        Assert.That(constant.Tiers.Select(t => (t.StageSpreadS![18] - t.StageSpreadS![2]) * 1000), Has.All.LessThan(1.2));
        Assert.That(spread.Tiers.Zip(constant.Tiers, (a, c) => (a.LongStageSpreadS![18] - a.LongStageSpreadS![2] - (c.LongStageSpreadS![18] - c.LongStageSpreadS![2])) * 1000), Has.All.GreaterThan(1.5));
        Assert.That(spread.Terms.Single(t => t.Term == "tier1.long_stage_spread_p90").ValueS, Is.EqualTo(spread.Tiers[1].LongStageSpreadS![18]).Within(1e-12));
        // Amounts on the short stages only: the short stages' range is the amounts', the long ones' narrower than with them.
        var shortOnly = CalibrationFit.Fit(Synthetic(extraLowS: -0.0005, extraHighS: 0.0045, extraShortOnly: true), 3, Quotas);
        Assert.That(shortOnly.Tiers.Select(t => (t.StageSpreadS![18] - t.StageSpreadS![2]) * 1000), Has.All.GreaterThan(3.2));
        // (The long stages' range then moves a little with the fixed cost the short stages' median gives, this data 0.2-1.7 ms.)
        Assert.That(shortOnly.Tiers.Zip(spread.Tiers, (a, b) => a.LongStageSpreadS![18] - a.LongStageSpreadS![2] < b.LongStageSpreadS![18] - b.LongStageSpreadS![2]), Has.All.True);
    }

    [Test]
    public void A_burst_wall_gives_back_the_extra_cpu_that_made_it()
    {
        // 1 ms of quota per 6.25 ms. A stage of 0.5 ms measured at 0.8 ms: at every phase with 0.8 ms of
        // the period left the replay is the CPU itself, so the amount is 0.3 ms; measured at 0.2 ms, -0.3 ms.
        Assert.That(CalibrationFit.ExtraCpuS(0.0008, 0.0005, 0.001, 0.00625, 0) * 1000, Is.EqualTo(0.3).Within(1e-6));
        Assert.That(CalibrationFit.ExtraCpuS(0.0002, 0.0005, 0.001, 0.00625, 0) * 1000, Is.EqualTo(-0.3).Within(1e-6));
        // No quota: the wall is the CPU, the amount wall - CPU.
        Assert.That(CalibrationFit.ExtraCpuS(0.012, 0.010, 0, 0, 3) * 1000, Is.EqualTo(2).Within(1e-6));
    }

    [Test]
    public void Repeated_calibrations_give_each_term_the_runs_median_and_write_their_range()
    {
        // Three runs' fits whose device factor is 2, 3, 2.5 and edge result 1, 1.6, 1.2 ms: the
        // description takes the medians (2.5, 1.2 ms) and the file says the range beside each term.
        CalibrationResult Run(double factor, double resultS, double networkA)
        {
            var tiers = new[]
            {
                new TierExecution(0.16, 0.00625, 0.0002, 0.0015, factor, 0, 0.5, new Dictionary<string, double> { ["a"] = networkA }),
                new TierExecution(0.354, 0.0028, 0.0002, resultS, 1.4, 0.0005, 0.5),
                new TierExecution(0.708, 0.002, 0.0002, 0.001, 1.6, 0.001, 0.5),
            };
            var links = Enumerable.Range(0, 3).Select(_ => new LinkExecution(0.0001, 0.002, 1, true)).ToArray();
            return new CalibrationResult(tiers, links, 0.1, [new TermFit("tier0.compute_factor", 10, factor, 0.001), new TermFit("tier1.result", 20, resultS, 0.0005)]);
        }
        var combined = CalibrationRepeats.Combine([Run(2, 0.001, 0.9), Run(3, 0.0016, 1.1), Run(2.5, 0.0012, 1.0)]);
        Assert.That(combined.Tiers[0].ComputeFactor, Is.EqualTo(2.5));
        Assert.That(combined.Tiers[1].ResultS, Is.EqualTo(0.0012));
        Assert.That(combined.Tiers[0].NetworkFactors!["a"], Is.EqualTo(1.0));
        Assert.That(combined.Tiers[0].CpuShare, Is.EqualTo(0.16), "not fitted: the same in every run");
        var factor = combined.Terms.Single(t => t.Term == "tier0.compute_factor");
        Assert.That((factor.ValueS, factor.MinS, factor.MaxS, factor.Runs, factor.Samples), Is.EqualTo((2.5, 2.0, 3.0, 3, 30)));
        string path = Path.Combine(Path.GetTempPath(), $"t2c-repeats-{Environment.ProcessId}.yaml");
        try
        {
            var topology = new Topology(
                [new TierSpec("device", 3, 1), new TierSpec("edge", 3, 1), new TierSpec("cloud", 7, 1)],
                [new LinkSpec("sensor_device", 1e6, 0.001, 0), new LinkSpec("device_edge", 24e6, 0.003, 0), new LinkSpec("edge_cloud", 40e6, 0.005, 0)]);
            TestbedFile.Write(path, "test", topology, combined, new CalibrationProvenance("h", "c", "d", "t2c calibrate --repeats 3", "0", "w"));
            string text = File.ReadAllText(path);
            Assert.That(text, Does.Contain("tier0.compute_factor: n=30 value=2.5 sd=1 runs=3 range=2..3"));
            Assert.That(text, Does.Contain("tier1.result: n=60 value=1.2 sd=0.5 runs=3 range=1..1.6"));
        }
        finally { File.Delete(path); }
        Assert.That(CalibrationRepeats.Combine([Run(2, 0.001, 0.9)]).Tiers[0].ComputeFactor, Is.EqualTo(2), "one run: its fit as it is");
    }

    [Test]
    public void The_fit_recovers_how_much_more_cpu_one_networks_stages_take()
    {
        // b's stages take 1.3 x a's host CPU per table time on every tier; the tier's factor is fitted on
        // both together, so each network's factor is relative to it, and b / a is what was put in.
        var fit = CalibrationFit.Fit(Synthetic(networkB: 1.3), 3, Quotas);
        var ratios = fit.Tiers.Select(t => t.NetworkFactors!["b"] / t.NetworkFactors!["a"]).ToList();
        // Within 0.1, as the tier factors: this data gives 1.21 (device: 1 ms per 6.3 ms, walls step by periods), 1.26, 1.28.
        Assert.That(ratios, Has.All.EqualTo(1.3).Within(0.1), string.Join(", ", ratios));
        Assert.That(fit.Tiers.Select(t => t.NetworkFactor("c")), Has.All.EqualTo(1), "a network the workload did not run keeps 1");
        // With the same CPU per network, both come out at 1.
        var same = CalibrationFit.Fit(Synthetic(), 3, Quotas);
        Assert.That(same.Tiers.SelectMany(t => t.NetworkFactors!.Values), Has.All.EqualTo(1).Within(0.08));
    }

    [Test]
    public void Repeated_runs_fit_a_networks_factor_on_their_stages_together_when_no_run_has_enough()
    {
        // b's stages take 1.3 x a's host CPU per table time. Three runs, each with every other sample but only
        // 7 of b's stages per tier (below NetworkSamplesMin): no run fits b's factor, so the runs' median is 1;
        // pooled, the 21 stages fit it.
        var all = Synthetic(networkB: 1.3);
        bool IsB(HopSample s) => s.Term == HopTerm.Compute && s.Network == "b";
        var others = all.Where(s => !IsB(s)).ToList();
        var runs = Enumerable.Range(0, 3).Select(r => others.Concat(Enumerable.Range(0, 3).SelectMany(k => all.Where(s => IsB(s) && s.Index == k).Skip(7 * r).Take(7))).ToList()).ToList();
        var combined = CalibrationRepeats.Combine(runs.Select(run => CalibrationFit.Fit(run, 3, Quotas)).ToList());
        Assert.That(combined.Tiers.Select(t => t.NetworkFactor("b")), Has.All.EqualTo(1), "no run had 10 of b's stages");
        var pooled = CalibrationFit.WithNetworksPooled(combined, runs.SelectMany(r => r).ToList(), 3);
        var ratios = pooled.Tiers.Select(t => t.NetworkFactor("b") / t.NetworkFactor("a")).ToList();
        Assert.That(ratios, Has.All.EqualTo(1.3).Within(0.15), string.Join(", ", ratios));
        var term = pooled.Terms.Single(t => t.Term == "tier0.b.network_factor");
        Assert.That((term.Runs, term.Pooled), Is.EqualTo((3, true)));
        // In the tier's place among the terms (after its fixed cost), once.
        var names = pooled.Terms.Select(t => t.Term).ToList();
        Assert.That(names.IndexOf("tier0.b.network_factor"), Is.GreaterThan(names.IndexOf("tier0.stage")).And.LessThan(names.IndexOf("tier1.compute_factor")));
        Assert.That(names.Count(n => n == "tier1.a.network_factor"), Is.EqualTo(1));
        Assert.That(pooled.Tiers[1].ComputeFactor, Is.EqualTo(combined.Tiers[1].ComputeFactor), "the other terms stay the runs' medians");
    }

    [Test]
    public void A_burst_replayed_on_the_quota_clock_takes_its_hand_computed_wall()
    {
        // The device's quota: 1 ms every 6.25 ms. 2.5 ms of CPU from 2 ms into a period runs 1 ms, waits
        // 3.25 ms to the period's end, runs 1 ms, waits 5.25 ms, runs 0.5 ms: 11 ms.
        Assert.That(CpuQuotaClock.BurstWallS(0.0025, 0.001, 0.00625, 0.32), Is.EqualTo(0.011).Within(1e-12));
        // A 0.4 ms result after a 0.8 ms stage from the period's start: the stage leaves 0.2 ms of quota,
        // so the result runs 0.2 ms, waits 5.25 ms, runs 0.2 ms: 5.65 ms, where alone it takes 0.4 ms.
        Assert.That(CpuQuotaClock.BurstWallS(0.0004, 0.001, 0.00625, 0, precedingCpuS: 0.0008), Is.EqualTo(0.00565).Within(1e-12));
        Assert.That(CpuQuotaClock.BurstWallS(0.0004, 0.001, 0.00625, 0), Is.EqualTo(0.0004).Within(1e-12));
        // The closed form is the stateful clock's walk over periods.
        foreach (double phase in new[] { 0, 0.1, 0.5, 0.85, 0.99 })
            foreach (double before in new[] { 0, 0.0003, 0.001, 0.0042 })
                foreach (double cpu in new[] { 0.0001, 0.001, 0.0017, 0.012 })
                {
                    var clock = new CpuQuotaClock(0.001, 0.00625);
                    double start = clock.Run(phase * 0.00625, before);
                    Assert.That(CpuQuotaClock.BurstWallS(cpu, 0.001, 0.00625, phase, before), Is.EqualTo(clock.Run(start, cpu) - start).Within(1e-12), $"phase {phase}, before {before}, cpu {cpu}");
                }
        // Without a quota: the CPU itself.
        Assert.That(CpuQuotaClock.BurstWallS(0.0025, 0, 0, 0.5), Is.EqualTo(0.0025));
    }

    /// <summary>
    /// Stages on the device's quota (1.008 ms per 6.3 ms, a 4 ms tick) whose CPU the agent measured
    /// (0.4 ms + table x share x 1.5, each ±10 %) and whose walls a known notice made
    /// (CpuQuotaClock.NoticeS), each from a random phase of a fresh period; with <paramref name="waitRatio"/>,
    /// each wall also waited that many seconds for a host CPU per second of its CPU (TierExecution.CpuWaitRatio).
    /// </summary>
    private static List<HopSample> StagesWithCpu(double noticeS, bool measured = true, double waitRatio = 0, int count = 300)
    {
        var random = new Random(11);
        var samples = new List<HopSample>();
        for (int i = 0; i < count; i++)
        {
            double table = 0.001 * (1 + i % 9) * (i % 2 == 0 ? 1 : 6);
            double cpu = 0.0004 + table * 0.16 * 1.5 * (0.9 + 0.2 * random.NextDouble());
            double wall = CpuQuotaClock.BurstWallS(cpu, 0.16 * 0.0063, 0.0063, random.NextDouble(), tickS: 0.004, noticeS: noticeS) + waitRatio * cpu;
            samples.Add(new HopSample(HopTerm.Compute, 0, wall, table, Network: "a", CpuS: measured ? cpu : double.NaN));
        }
        return samples;
    }

    [TestCase(0.0)]
    [TestCase(0.0006)]
    [TestCase(0.0015)]
    public void The_fit_recovers_how_soon_a_spent_quota_is_noticed_from_stages_with_measured_cpu(double noticeS)
    {
        var fit = CalibrationFit.Fit(StagesWithCpu(noticeS), 1, [(0.16, 0.0063, 0)], [0.004]);
        Assert.That(fit.Tiers[0].QuotaNoticeS, Is.EqualTo(noticeS).Within(0.0002));
        Assert.That(fit.Terms.Single(t => t.Term == "tier0.quota_notice").Samples, Is.EqualTo(300));
        // The measured CPU's line beside the fit: 0.4 ms + table x share x 1.5 (the CPU's ±10 % averages out).
        Assert.That(fit.Terms.Single(t => t.Term == "tier0.measured_cpu_compute_factor").ValueS, Is.EqualTo(1.5).Within(0.05));
        Assert.That(fit.Terms.Single(t => t.Term == "tier0.measured_cpu_stage").ValueS, Is.EqualTo(0.0004).Within(0.0001));
        // The compute factor fitted on the walls through the fitted notice is the CPU's.
        Assert.That(fit.Tiers[0].ComputeFactor, Is.EqualTo(1.5).Within(0.15));
    }

    [TestCase(0.3)]
    [TestCase(1.2)]
    public void On_the_measured_cpu_the_fit_takes_the_cpus_line_and_recovers_the_wait_for_a_host_cpu(double waitRatio)
    {
        // 3,000 stages: the walls' median sits on the quota's steps, and at 300 random phases it lay 0.4 ms
        // from the replays' at the fit's spread phases (0.15 of the median stage's CPU as a wait ratio).
        var samples = StagesWithCpu(0, waitRatio: waitRatio, count: 3000);
        var fit = CalibrationFit.Fit(samples, 1, [(0.16, 0.0063, 0)], [0.004], StageCpuBasis.MeasuredCpu);
        var tier = fit.Tiers[0];
        // The stage terms are the CPU's line (0.4 ms + table x share x 1.5; the ±10 % averages out) ...
        Assert.That(tier.ComputeFactor, Is.EqualTo(1.5).Within(0.05));
        Assert.That(tier.StageS, Is.EqualTo(0.0004).Within(0.0001));
        Assert.That(fit.Terms.Any(t => t.Term.Contains("measured_cpu", StringComparison.Ordinal)), Is.False, "the line is the terms, not a diagnostic beside them");
        // ... the walls beyond the clock of each stage's CPU are the wait (a notice of 0: the instant throttle) ...
        Assert.That(tier.QuotaNoticeS, Is.EqualTo(0).Within(0.0002));
        Assert.That(tier.CpuWaitRatio, Is.EqualTo(waitRatio).Within(0.03));
        Assert.That(fit.Terms.Single(t => t.Term == "tier0.cpu_wait_ratio").Samples, Is.EqualTo(3000));
        // ... and the spread is what the walls take beyond all of them: centred on nothing.
        Assert.That(tier.SpreadAtS(0.5, 0.001), Is.EqualTo(0).Within(0.0003));
        Assert.That(tier.SpreadAtS(0.5, 0.03), Is.EqualTo(0).Within(0.0006));
        // On the walls the same stages give no wait: the terms carry it as CPU (a long stage, 24 ms in the table, costs more).
        var onWalls = CalibrationFit.Fit(samples, 1, [(0.16, 0.0063, 0)], [0.004]);
        Assert.That(onWalls.Tiers[0].CpuWaitRatio, Is.Zero);
        Assert.That(onWalls.Tiers[0].StageS + 0.024 * 0.16 * onWalls.Tiers[0].ComputeFactor, Is.GreaterThan(tier.StageS + 0.024 * 0.16 * tier.ComputeFactor));
    }

    /// <summary>
    /// 900 stages on the CPU's line 0.4 ms + table x 0.16 x 1.5, each table time (1-9 ms and 6-54 ms) with
    /// each of the amounts -0.3, -0.1, 0, +0.1, +0.3 ms of CPU once in five; walls through the quota clock
    /// plus a wait of 0.3 x the CPU, and, with <paramref name="wallOnlyS"/>, that much more wall (no CPU)
    /// on one stage in seven.
    /// </summary>
    private static List<HopSample> StagesWithCpuAmounts(double wallOnlyS)
    {
        double[] amounts = [-0.0003, -0.0001, 0, 0.0001, 0.0003];
        var random = new Random(5);
        var samples = new List<HopSample>();
        for (int i = 0; i < 900; i++)
        {
            double table = 0.001 * (1 + i % 9) * (i % 18 < 9 ? 1 : 6);
            double cpu = 0.0004 + table * 0.16 * 1.5 + amounts[i / 18 % 5];
            double wall = CpuQuotaClock.BurstWallS(cpu, 0.16 * 0.0063, 0.0063, random.NextDouble(), tickS: 0.004, noticeS: 0) + 0.3 * cpu + (i % 7 == 0 ? wallOnlyS : 0);
            samples.Add(new HopSample(HopTerm.Compute, 0, wall, table, Network: "a", CpuS: cpu));
        }
        return samples;
    }

    [Test]
    public void On_the_measured_cpu_the_spread_is_the_cpus_around_its_line_whatever_the_walls_add()
    {
        var plain = CalibrationFit.Fit(StagesWithCpuAmounts(0), 1, [(0.16, 0.0063, 0)], [0.004], StageCpuBasis.MeasuredCpu).Tiers[0];
        var delayed = CalibrationFit.Fit(StagesWithCpuAmounts(0.002), 1, [(0.16, 0.0063, 0)], [0.004], StageCpuBasis.MeasuredCpu).Tiers[0];
        // The line is the CPU's exactly (every table time has every amount), so each stage's amount is what it drew.
        Assert.That(plain.StageS, Is.EqualTo(0.0004).Within(1e-9));
        Assert.That(plain.ComputeFactor, Is.EqualTo(1.5).Within(1e-7));
        // Five amounts in equal numbers: the 5 % quantiles step through them (0-15 %: -0.3 ms, 25-35 %: -0.1, 45-55 %: 0, ...).
        foreach (var q in new[] { plain.StageSpreadS!, plain.LongStageSpreadS! })
        {
            Assert.That(q, Has.Count.EqualTo(CalibrationFit.SpreadQuantiles));
            Assert.That(new[] { q[0], q[3], q[5], q[10], q[14], q[20] }, Is.EqualTo(new[] { -0.0003, -0.0003, -0.0001, 0, 0.0001, 0.0003 }).Within(1e-9));
        }
        // A wall that waited without computing is the wait's (a larger ratio), never the CPU's spread.
        Assert.That(delayed.StageSpreadS, Is.EqualTo(plain.StageSpreadS).Within(1e-12));
        Assert.That(delayed.LongStageSpreadS, Is.EqualTo(plain.LongStageSpreadS).Within(1e-12));
        Assert.That(delayed.CpuWaitRatio, Is.GreaterThan(plain.CpuWaitRatio));
        // Fitted on the walls the same stages' amounts move with the walls: what the earlier fit gave the simulated CPU.
        var onWalls = CalibrationFit.Fit(StagesWithCpuAmounts(0.002), 1, [(0.16, 0.0063, 0)], [0.004]).Tiers[0];
        Assert.That(onWalls.StageSpreadS![20] - onWalls.StageSpreadS![0], Is.GreaterThan(plain.StageSpreadS![20] - plain.StageSpreadS![0] + 0.0005));
    }

    [Test]
    public void Repeated_runs_on_the_measured_cpu_refit_the_spread_against_the_pooled_network_factors()
    {
        // Three runs of StagesWithCpuAmounts' 900 stages of network a, each with 9 long stages of b (48 ms in the
        // table) on half a's CPU per table time and no amount of their own: no run has 10 of b's, so each run's
        // factor for b is 1 and its spread holds b's stages 5.8 ms short (0.5 x 48 x 0.24 ms); pooled, b's
        // factor is 0.5 and those stages draw nothing: the spread's lowest amount is a's again.
        var runs = Enumerable.Range(0, 3).Select(r => StagesWithCpuAmounts(0).Concat(Enumerable.Range(0, 9).Select(i =>
        {
            double cpu = 0.0004 + 0.048 * 0.16 * 1.5 * 0.5;
            return new HopSample(HopTerm.Compute, 0, CpuQuotaClock.BurstWallS(cpu, 0.16 * 0.0063, 0.0063, (i + 0.5) / 9, tickS: 0.004, noticeS: 0) + 0.3 * cpu, 0.048, Network: "b", CpuS: cpu);
        })).ToList()).ToList();
        var combined = CalibrationRepeats.Combine(runs.Select(run => CalibrationFit.Fit(run, 1, [(0.16, 0.0063, 0)], [0.004], StageCpuBasis.MeasuredCpu)).ToList());
        Assert.That(combined.Tiers[0].NetworkFactor("b"), Is.EqualTo(1), "no run had 10 of b's stages");
        Assert.That(combined.Tiers[0].LongStageSpreadS![0], Is.LessThan(-0.005));
        var pooled = CalibrationFit.WithNetworksPooled(combined, runs.SelectMany(r => r).ToList(), 3, StageCpuBasis.MeasuredCpu);
        Assert.That(pooled.Tiers[0].NetworkFactor("b") / pooled.Tiers[0].NetworkFactor("a"), Is.EqualTo(0.5).Within(0.02));
        Assert.That(pooled.Tiers[0].LongStageSpreadS![0], Is.GreaterThan(-0.001));
        var term = pooled.Terms.Single(t => t.Term == "tier0.long_stage_spread_p10");
        Assert.That((term.Runs, term.Pooled), Is.EqualTo((3, true)));
        Assert.That(pooled.Terms.Count(t => t.Term == "tier0.stage_spread_p90"), Is.EqualTo(1));
        // On the walls the spread stays the runs' median.
        var onWalls = CalibrationFit.WithNetworksPooled(combined, runs.SelectMany(r => r).ToList(), 3);
        Assert.That(onWalls.Tiers[0].LongStageSpreadS, Is.EqualTo(combined.Tiers[0].LongStageSpreadS));
    }

    [Test]
    public void On_the_measured_cpu_without_measured_cpu_the_walls_fit_as_before()
    {
        var samples = StagesWithCpu(0.0006, measured: false);
        var onCpu = CalibrationFit.Fit(samples, 1, [(0.16, 0.0063, 0)], [0.004], StageCpuBasis.MeasuredCpu);
        var onWalls = CalibrationFit.Fit(samples, 1, [(0.16, 0.0063, 0)], [0.004]);
        Assert.That(onCpu.Tiers[0].ComputeFactor, Is.EqualTo(onWalls.Tiers[0].ComputeFactor));
        Assert.That(onCpu.Tiers[0].StageS, Is.EqualTo(onWalls.Tiers[0].StageS));
        Assert.That(onCpu.Tiers[0].StageSpreadS, Is.EqualTo(onWalls.Tiers[0].StageSpreadS));
        Assert.That(onCpu.Tiers[0].CpuWaitRatio, Is.Zero);
    }

    /// <summary>A one-device fit written by TestbedFile and loaded back by TestbedLoader: the loaded tier and the file's text.</summary>
    private static (TierExecution Tier, string Text) WrittenAndLoaded(CalibrationResult fit)
    {
        var topology = new Topology([new TierSpec("device", 3, 1)], [new LinkSpec("sensor_device", 1e6, 0.001, 0)]);
        string path = Path.Combine(Path.GetTempPath(), $"t2c-written-{Environment.ProcessId}-{Guid.NewGuid():N}.yaml");
        try
        {
            TestbedFile.Write(path, "synthetic", topology, fit, new CalibrationProvenance("host", "cpu", "2026-12-01", "t2c calibrate", "1 1 1", "synthetic"));
            return (TestbedLoader.Load(path, topology).Tiers[0], File.ReadAllText(path));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void A_fitted_wait_is_written_and_loads_back()
    {
        var (tier, text) = WrittenAndLoaded(CalibrationFit.Fit(StagesWithCpu(0, waitRatio: 0.8, count: 3000), 1, [(0.16, 0.0063, 0)], [0.004], StageCpuBasis.MeasuredCpu));
        Assert.That(tier.CpuWaitRatio, Is.EqualTo(0.8).Within(0.05));
        // Its provenance line as a ratio, not in ms (the first file of round 11 wrote 828.0437 for 0.828).
        Assert.That(text, Does.Match(@"tier0\.cpu_wait_ratio: n=3000 value=0\.\d+ sd="));
        Assert.That(WrittenAndLoaded(CalibrationFit.Fit(StagesWithCpu(0, waitRatio: 0.8), 1, [(0.16, 0.0063, 0)], [0.004])).Text, Does.Not.Contain("cpu_wait_ratio"), "fitted on walls: none");
    }

    [Test]
    public void A_fitted_notice_is_written_and_loads_back_and_none_is_left_out()
    {
        Assert.That(WrittenAndLoaded(CalibrationFit.Fit(StagesWithCpu(0.0006), 1, [(0.16, 0.0063, 0)], [0.004])).Tier.QuotaNoticeS, Is.EqualTo(0.0006).Within(0.0002));
        var (tier, text) = WrittenAndLoaded(CalibrationFit.Fit(StagesWithCpu(0.0006, measured: false), 1, [(0.16, 0.0063, 0)], [0.004]));
        Assert.That(text, Does.Not.Contain("quota_notice_ms"));
        Assert.That(tier.QuotaNoticeS, Is.EqualTo(double.PositiveInfinity), "absent: the tick's alone");
    }

    [Test]
    public void Without_measured_cpu_only_the_tick_notices_a_spent_quota()
    {
        var fit = CalibrationFit.Fit(StagesWithCpu(0.0006, measured: false), 1, [(0.16, 0.0063, 0)], [0.004]);
        Assert.That(fit.Tiers[0].QuotaNoticeS, Is.EqualTo(double.PositiveInfinity));
        Assert.That(fit.Terms.Any(t => t.Term.Contains("notice", StringComparison.Ordinal) || t.Term.Contains("measured_cpu", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public void Median_matching_finds_the_value_whose_replays_have_the_measured_median()
    {
        // Sample i replays as x + i ms (i = 0..2: median x + 1 ms); the measured median is 7 ms: x = 6 ms.
        double x = CalibrationFit.MatchMedian([0.004, 0.007, 0.009], (v, i) => v + i * 0.001, 0, 1);
        Assert.That(x, Is.EqualTo(0.006).Within(1e-9));
    }

    [Test]
    public void A_link_no_job_crossed_keeps_its_terms_at_zero()
    {
        var samples = Synthetic().Where(s => s.Index != 2 || s.Term is HopTerm.Receive or HopTerm.Result).ToList();
        var fit = CalibrationFit.Fit(samples, 3, Quotas);
        Assert.That(fit.Links[2].SendS, Is.Zero);
        Assert.That(fit.Links[2].WireS, Is.Zero);
        Assert.That(fit.Terms.Single(t => t.Term == "link2.wire").Samples, Is.Zero);
    }

    [Test]
    public void Results_beside_a_computing_worker_are_fitted_in_quota_periods_per_tier_or_pooled_and_left_out_of_the_result()
    {
        // Idle results as in Synthetic; beside ones on the device (6.3 ms periods) of 1, 2, 3 or 5 periods, on
        // the cloud (2 ms) of 1, 2, 2 or 4, ten of each, none on the edge. At 21 equal steps:
        // - the device's own 40, sorted 1 x10, 2 x10, 3 x10, 5 x10: 0th percentile 1, 50th (position 19.5,
        //   halfway from the last 2 to the first 3) 2.5, 75th (29.25: a quarter of the way from 3 to 5) 3.5, 100th 5;
        // - the cloud's own 40, 1 x10, 2 x20, 4 x10: 1, 2, 2.5 (29.25: a quarter from 2 to 4), 4;
        // - the edge, with none of its own, the 80 pooled, 1 x20, 2 x30, 3 x10, 4 x10, 5 x10: 1, 2 (39.5),
        //   3.25 (59.25: a quarter from the last 3 to the first 4), 5.
        // The tiers' result stays the idle one (a median of 10 ms returns would not).
        var samples = Synthetic();
        foreach (var (k, periods) in new[] { (0, new[] { 1.0, 2, 3, 5 }), (2, new[] { 1.0, 2, 2, 4 }) })
            foreach (double p in periods)
                for (int i = 0; i < 10; i++) samples.Add(new HopSample(HopTerm.Result, k, p * Quotas[k].PeriodS, Beside: true));
        var fit = CalibrationFit.Fit(samples, 3, Quotas);
        double[] At(IReadOnlyList<double> q) => [q[0], q[10], q[15], q[20]];
        Assert.That(fit.Tiers.Select(t => t.BesideIoPeriods!.Count), Has.All.EqualTo(CalibrationFit.SpreadQuantiles));
        Assert.That(At(fit.Tiers[0].BesideIoPeriods!), Is.EqualTo(new[] { 1.0, 2.5, 3.5, 5 }).Within(1e-9), "the device's own");
        Assert.That(At(fit.Tiers[2].BesideIoPeriods!), Is.EqualTo(new[] { 1.0, 2, 2.5, 4 }).Within(1e-9), "the cloud's own");
        Assert.That(At(fit.Tiers[1].BesideIoPeriods!), Is.EqualTo(new[] { 1.0, 2, 3.25, 5 }).Within(1e-9), "the edge: every tier's pooled");
        Assert.That(fit.Tiers.Select(t => t.ResultS), Is.EqualTo(Result).Within(0.2e-3), "the idle returns' median");
        var term = fit.Terms.Single(t => t.Term == "beside_io.median_periods");
        Assert.That((term.Samples, term.ValueS, term.Unitless), Is.EqualTo((80, 2.0, true)));
        Assert.That(fit.Terms.Single(t => t.Term == "tier0.beside_io.median_periods").ValueS, Is.EqualTo(2.5).Within(1e-9));
        Assert.That(fit.Terms.Any(t => t.Term == "tier1.beside_io.median_periods"), Is.False, "the edge had none of its own");
        // A tier with fewer than the minimum of its own takes the pool: 19 on the device and 20 on the cloud.
        var some = Synthetic().Concat(samples.Where(s => s.Beside && s.Index == 0).Take(CalibrationFit.BesideSamplesMin - 1))
            .Concat(samples.Where(s => s.Beside && s.Index == 2).Take(CalibrationFit.BesideSamplesMin)).ToList();
        var partly = CalibrationFit.Fit(some, 3, Quotas);
        Assert.That(partly.Tiers[0].BesideIoPeriods, Is.EqualTo(partly.Tiers[1].BesideIoPeriods), "the device's 19 pooled with the cloud's 20, as the edge");
        // The cloud's own 20 (its first: 1 x10, 2 x10): 0th 1, 50th (position 9.5) 1.5, 75th (14.25) 2, 100th 2.
        Assert.That(At(partly.Tiers[2].BesideIoPeriods!), Is.EqualTo(new[] { 1.0, 1.5, 2, 2 }).Within(1e-9), "the cloud's own 20");
        // Too few to tell a distribution anywhere: none, and the simulator keeps the IO's share.
        var few = CalibrationFit.Fit(Synthetic().Concat(samples.Where(s => s.Beside).Take(CalibrationFit.BesideSamplesMin - 1)).ToList(), 3, Quotas);
        Assert.That(few.Tiers.Select(t => t.BesideIoPeriods), Has.All.Null);
        // Repeated runs: pooled over every run's samples, not each run's (a run may have too few).
        var runs = new[] { CalibrationFit.Fit(Synthetic(), 3, Quotas), CalibrationFit.Fit(Synthetic(), 3, Quotas) };
        var pooled = CalibrationFit.WithReturnsPooled(CalibrationRepeats.Combine(runs), samples, 2);
        Assert.That(pooled.Tiers.Select(t => t.BesideIoPeriods), Is.EqualTo(fit.Tiers.Select(t => t.BesideIoPeriods)).Within(1e-12));
        var besideTerms = pooled.Terms.Where(t => t.Term.Contains("beside_io.")).ToList();
        Assert.That(besideTerms.Select(t => t.Term), Is.EquivalentTo(new[] { "beside_io.median_periods", "tier0.beside_io.median_periods", "tier2.beside_io.median_periods" }));
        Assert.That(besideTerms.Select(t => t.Pooled), Has.All.True);
    }

    [Test]
    public void Results_that_left_an_idle_worker_give_each_tier_the_distribution_of_its_returns()
    {
        // The cloud's idle returns (Synthetic's, about 0.8 ms) and 100 more: 60 of 0.7 ms, 40 of 2.7 ms (a
        // period of 2 ms later). Beside ones do not count. The 40 slow ones are the sorted list's last 40 of
        // Synthetic's n + 100: with Synthetic's all below 2.7 ms the 100th percentile is 2.7 ms, and the
        // idle median stays ResultS's.
        var samples = Synthetic();
        int before = samples.Count(s => s.Term == HopTerm.Result && s.Index == 2);
        for (int i = 0; i < 60; i++) samples.Add(new HopSample(HopTerm.Result, 2, 0.0007));
        for (int i = 0; i < 40; i++) samples.Add(new HopSample(HopTerm.Result, 2, 0.0027));
        for (int i = 0; i < 30; i++) samples.Add(new HopSample(HopTerm.Result, 2, 0.050, Beside: true));
        var fit = CalibrationFit.Fit(samples, 3, Quotas);
        var q = fit.Tiers[2].ResultAloneS!;
        Assert.That(q, Has.Count.EqualTo(CalibrationFit.SpreadQuantiles));
        Assert.That(q[20], Is.EqualTo(0.0027).Within(1e-12), "the slowest idle return, not a beside one");
        Assert.That(q[10], Is.EqualTo(fit.Tiers[2].ResultS).Within(1e-12), "its median is the tier's result");
        // The share of returns at 2.7 ms: 40 of before + 100, so the quantiles at and above 1 - 40/(before + 100) are 2.7 ms.
        double slow = 40.0 / (before + 100);
        Assert.That(q.Skip((int)Math.Ceiling((1 - slow) * 20) + 1), Has.All.EqualTo(0.0027).Within(1e-12));
        var term = fit.Terms.Single(t => t.Term == "tier2.result_alone.p90");
        Assert.That(term.Samples, Is.EqualTo(before + 100));
        // Fewer than the minimum: none (ResultS for every return).
        var few = CalibrationFit.Fit(samples.Where(s => s.Term != HopTerm.Result || s.Index != 2).Concat(samples.Where(s => s.Term == HopTerm.Result && s.Index == 2 && !s.Beside).Take(CalibrationFit.ResultSamplesMin - 1)).ToList(), 3, Quotas);
        Assert.That(few.Tiers[2].ResultAloneS, Is.Null);
    }

    [Test]
    public void The_written_description_loads_back_with_its_terms()
    {
        var topology = new Topology(
            [new TierSpec("device", 3, 1), new TierSpec("edge", 3, 1), new TierSpec("cloud", 7, 1)],
            [new LinkSpec("sensor_device", 1e6, 0.001, 0), new LinkSpec("device_edge", 24e6, 0.003, 0), new LinkSpec("edge_cloud", 40e6, 0.005, 0)]);
        var fit = CalibrationFit.Fit(Synthetic(), 3, Quotas);
        string path = Path.Combine(Path.GetTempPath(), $"t2c-testbed-{Environment.ProcessId}.yaml");
        try
        {
            TestbedFile.Write(path, "synthetic", topology, fit, new CalibrationProvenance("host", "cpu 'x'", "2026-11-30", "t2c calibrate", "1 1 1", "synthetic"));
            var loaded = TestbedLoader.Load(path, topology);
            Assert.That(loaded.Name, Is.EqualTo("synthetic"));
            for (int k = 0; k < 3; k++)
            {
                Assert.That(loaded.Tiers[k].ReceiveS, Is.EqualTo(fit.Tiers[k].ReceiveS).Within(1e-7));
                Assert.That(loaded.Tiers[k].ResultS, Is.EqualTo(fit.Tiers[k].ResultS).Within(1e-7));
                Assert.That(loaded.Tiers[k].QuotaPeriodS, Is.EqualTo(fit.Tiers[k].QuotaPeriodS).Within(1e-7));
                Assert.That(loaded.Tiers[k].StageS, Is.EqualTo(fit.Tiers[k].StageS).Within(1e-7));
                Assert.That(loaded.Tiers[k].IoShare, Is.EqualTo(fit.Tiers[k].IoShare));
                Assert.That(loaded.Tiers[k].ComputeSigma, Is.EqualTo(fit.Tiers[k].ComputeSigma).Within(1e-4));
                Assert.That(loaded.Tiers[k].StageSpreadS, Is.EqualTo(fit.Tiers[k].StageSpreadS).Within(1e-7));
                Assert.That(loaded.Tiers[k].NetworkFactors, Is.EquivalentTo(fit.Tiers[k].NetworkFactors!.ToDictionary(p => p.Key, p => Math.Round(p.Value, 4))));
                Assert.That(loaded.Links[k].WireS, Is.EqualTo(fit.Links[k].WireS).Within(1e-7));
                Assert.That(loaded.Links[k].WireBytesFactor, Is.EqualTo(fit.Links[k].WireBytesFactor).Within(1e-4));
            }
            Assert.That(File.ReadAllText(path), Does.Contain("host: 'host'").And.Contain("wire_r_squared"));
            Assert.That(File.ReadAllText(path), Does.Not.Contain("host_probe_ms"), "no probe taken: none written");
            Assert.That(loaded.HostProbeS, Is.NaN);
            TestbedFile.Write(path, "synthetic", topology, fit, new CalibrationProvenance("host", "cpu", "2026-12-01", "t2c calibrate", "1 1 1", "synthetic"), hostProbeS: 0.02537);
            Assert.That(TestbedLoader.Load(path, topology).HostProbeS, Is.EqualTo(0.02537).Within(1e-9));
            Assert.That(TestbedLoader.Load(path, topology).TierProbeS, Is.Null, "no probe under the tiers' quotas: none written");
            TestbedFile.Write(path, "synthetic", topology, fit, new CalibrationProvenance("host", "cpu", "2026-12-01", "t2c calibrate", "1 1 1", "synthetic"), hostProbeS: 0.02537, tierProbesS: [0.0336, 0.03149, 0.02875]);
            Assert.That(File.ReadAllText(path), Does.Contain("tier_probe_ms: [33.6, 31.49, 28.75]"));
            Assert.That(TestbedLoader.Load(path, topology).TierProbeS, Is.EqualTo(new[] { 0.0336, 0.03149, 0.02875 }).Within(1e-12));
            Assert.That(loaded.Tiers.Select(t => t.BesideIoPeriods), Has.All.Null, "no results beside a computing worker: none written");
            var beside = fit with { Tiers = fit.Tiers.Select(t => t with { BesideIoPeriods = [0.5, 2, 4.25] }).ToArray() };
            TestbedFile.Write(path, "synthetic", topology, beside, new CalibrationProvenance("host", "cpu", "2026-12-02", "t2c calibrate", "1 1 1", "synthetic"));
            Assert.That(File.ReadAllText(path), Does.Contain("beside_io_periods: [0.5, 2, 4.25]"));
            Assert.That(TestbedLoader.Load(path, topology).Tiers.Select(t => t.BesideIoPeriods), Has.All.EqualTo(new[] { 0.5, 2, 4.25 }));
            var alone = fit with { Tiers = fit.Tiers.Select(t => t with { ResultAloneS = [0.0005, 0.00075, 0.0081] }).ToArray() };
            TestbedFile.Write(path, "synthetic", topology, alone, new CalibrationProvenance("host", "cpu", "2026-12-02", "t2c calibrate", "1 1 1", "synthetic"));
            Assert.That(File.ReadAllText(path), Does.Contain("result_alone_ms: [0.5, 0.75, 8.1]"));
            Assert.That(TestbedLoader.Load(path, topology).Tiers.Select(t => t.ResultAloneS), Has.All.EqualTo(new[] { 0.0005, 0.00075, 0.0081 }).Within(1e-12));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void Equal_quantiles_of_a_spread_load_whatever_their_rounding()
    {
        // A description scaled to the host's speed wrote two equal quantiles, 0.24451893 ms, whose seconds
        // times 1000 come back larger than the milliseconds: the loader compared the two and refused them.
        Assert.That(0.24451893 / 1000 * 1000, Is.GreaterThan(0.24451893), "the rounding the test is about");
        var topology = new Topology([new TierSpec("device", 3, 1)], [new LinkSpec("sensor_device", 1e6, 0.001, 0)]);
        string path = Path.Combine(Path.GetTempPath(), $"t2c-equal-quantiles-{Environment.ProcessId}.yaml");
        try
        {
            File.WriteAllText(path, "name: x\ntiers:\n  - {name: device, stage_spread_ms: [-0.1, 0.24451893, 0.24451893, 0.3]}\nlinks:\n  - {name: sensor_device}\n");
            Assert.That(TestbedLoader.Load(path, topology).Tiers[0].StageSpreadS, Is.EqualTo(new[] { -0.0001, 0.00024451893, 0.00024451893, 0.0003 }).Within(1e-15));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void A_bad_description_is_refused_naming_the_file_and_field()
    {
        var topology = new Topology([new TierSpec("device", 3, 1)], [new LinkSpec("sensor_device", 1e6, 0.001, 0)]);
        string path = Path.Combine(Path.GetTempPath(), $"t2c-bad-testbed-{Environment.ProcessId}.yaml");
        try
        {
            File.WriteAllText(path, "name: x\ntiers:\n  - {name: device, receive_ms: -1}\nlinks:\n  - {name: sensor_device}\n");
            var e = Assert.Throws<T2CSim.Core.UserInputException>(() => TestbedLoader.Load(path, topology))!;
            Assert.That(e.Message, Does.Contain(path).And.Contain("receive_ms"));
            File.WriteAllText(path, "name: x\ntiers:\n  - {name: device, compute_sigma: -0.2}\nlinks:\n  - {name: sensor_device}\n");
            e = Assert.Throws<T2CSim.Core.UserInputException>(() => TestbedLoader.Load(path, topology))!;
            Assert.That(e.Message, Does.Contain(path).And.Contain("compute_sigma"));
            foreach (string probe in new[] { "-3", "0", "x" })
            {
                File.WriteAllText(path, $"name: x\nhost_probe_ms: {probe}\ntiers:\n  - {{name: device}}\nlinks:\n  - {{name: sensor_device}}\n");
                e = Assert.Throws<T2CSim.Core.UserInputException>(() => TestbedLoader.Load(path, topology))!;
                Assert.That(e.Message, Does.Contain(path).And.Contain("host_probe_ms"), probe);
            }
            foreach (string probes in new[] { "[30, 31]", "[-1]", "[0]", "[x]", "3" })
            {
                File.WriteAllText(path, $"name: x\ntier_probe_ms: {probes}\ntiers:\n  - {{name: device}}\nlinks:\n  - {{name: sensor_device}}\n");
                e = Assert.Throws<T2CSim.Core.UserInputException>(() => TestbedLoader.Load(path, topology))!;
                Assert.That(e.Message, Does.Contain(path).And.Contain("tier_probe_ms"), probes);
            }
            foreach (string wait in new[] { "-0.1", "11", "x" })
            {
                File.WriteAllText(path, $"name: x\ntiers:\n  - {{name: device, cpu_wait_ratio: {wait}}}\nlinks:\n  - {{name: sensor_device}}\n");
                e = Assert.Throws<T2CSim.Core.UserInputException>(() => TestbedLoader.Load(path, topology))!;
                Assert.That(e.Message, Does.Contain(path).And.Contain("cpu_wait_ratio"), wait);
            }
            foreach (string periods in new[] { "[2, 1]", "[-1, 1]", "[1]", "[0, 2000]", "[0, x]" })
            {
                File.WriteAllText(path, $"name: x\ntiers:\n  - {{name: device, quota_period_ms: 7.7, beside_io_periods: {periods}}}\nlinks:\n  - {{name: sensor_device}}\n");
                e = Assert.Throws<T2CSim.Core.UserInputException>(() => TestbedLoader.Load(path, topology))!;
                Assert.That(e.Message, Does.Contain(path).And.Contain("beside_io_periods"), periods);
            }
            File.WriteAllText(path, "name: x\ntiers:\n  - {name: device, beside_io_periods: [1, 2]}\nlinks:\n  - {name: sensor_device}\n");
            e = Assert.Throws<T2CSim.Core.UserInputException>(() => TestbedLoader.Load(path, topology))!;
            Assert.That(e.Message, Does.Contain("beside_io_periods").And.Contain("quota_period_ms"), "periods of no quota");
            foreach (string returns in new[] { "[0.7, 0.5]", "[-0.1, 1]", "[0.7, 10000]", "[0.7]", "[0.7, x]" })
            {
                File.WriteAllText(path, $"name: x\ntiers:\n  - {{name: device, result_alone_ms: {returns}}}\nlinks:\n  - {{name: sensor_device}}\n");
                e = Assert.Throws<T2CSim.Core.UserInputException>(() => TestbedLoader.Load(path, topology))!;
                Assert.That(e.Message, Does.Contain(path).And.Contain("result_alone_ms"), returns);
            }
            foreach (string spread in new[] { "[0.5, -0.1]", "[1]", "[0, x]", "3" })
            {
                File.WriteAllText(path, $"name: x\ntiers:\n  - {{name: device, stage_spread_ms: {spread}}}\nlinks:\n  - {{name: sensor_device}}\n");
                e = Assert.Throws<T2CSim.Core.UserInputException>(() => TestbedLoader.Load(path, topology))!;
                Assert.That(e.Message, Does.Contain(path).And.Contain("stage_spread_ms"), spread);
            }
        }
        finally { File.Delete(path); }
    }
}
