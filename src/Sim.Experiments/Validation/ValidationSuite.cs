namespace T2CSim.Experiments.Validation;

using System.Globalization;
using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Experiments.Results;
using T2CSim.Hardware.Hil;
using T2CSim.Hardware.Profiling;

/// <summary>How `t2c validate --suite` runs.</summary>
/// <param name="Overrides">--set overrides applied to every scenario (e.g. duration_s=5 for a quick check).</param>
/// <param name="Algorithms">Only these of each scenario's algorithms; null: all it lists.</param>
/// <param name="SimReplications">Replications of each simulated run pooled into its rows (SimulatedReplications); 1: one draw.</param>
/// <param name="HostProbe">
/// Probe the host's speed before and after each testbed run and simulate the scenario's testbed
/// description at its ratio to the calibration's probe (HostSpeed; only for a description with a probe).
/// </param>
public sealed record SuiteOptions(string SuiteDir, string OutDir, int Repeats, HilOptions Hil, IReadOnlyList<string> Overrides, IReadOnlyList<string>? Algorithms = null,
    int SimReplications = SimulatedReplications.DefaultCount, bool HostProbe = true);

/// <summary>One run pair of the suite: the rows and whether both runs saw the same requests arrive.</summary>
/// <param name="Gaps">Per hop, measured against simulated (the simulated run's hop records), largest gap first.</param>
/// <param name="ModelGaps">Per hop, measured against the description's terms replayed for the measured jobs.</param>
/// <param name="TierBusy">Per tier, the share of the run its worker spent computing on the testbed (compute hops / duration): is a tier contended.</param>
public sealed record SuiteRun(string Scenario, string Algorithm, int Repeat, IReadOnlyList<SuiteRow> Rows, bool SameArrivals, Core.Metrics.RunSummary Simulated, Core.Metrics.RunSummary Measured,
    IReadOnlyList<HopAttribution.HopGap> Gaps, IReadOnlyList<double> TierBusy, IReadOnlyList<HopAttribution.HopGap> ModelGaps);

/// <summary>
/// `t2c validate --suite DIR`: every scenario of DIR (scenarios/validation), every algorithm its
/// `sweep.algorithms` lists, every repeat: the simulated run and the testbed run of the same requests
/// (same seed), their run files and hops.csv under OUT/SCENARIO/ALGORITHM/rN, one validation.csv for
/// the suite and a latency-distribution plot per scenario (docs/validation.md).
/// </summary>
public static class ValidationSuite
{
    public static IReadOnlyList<SuiteRun> Run(SuiteOptions options, Action<string> log)
    {
        if (!Directory.Exists(options.SuiteDir)) throw new UserInputException(options.SuiteDir, null, "suite folder not found");
        var files = Directory.GetFiles(options.SuiteDir, "*.yaml").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new UserInputException(options.SuiteDir, null, "no scenario (*.yaml) in the suite folder");
        var runs = new List<SuiteRun>();
        foreach (var file in files)
        {
            var scenario = ScenarioLoader.Load(file, options.Overrides);
            var algorithms = scenario.Sweep?.Algorithms ?? throw new UserInputException(file, "sweep.algorithms", "a validation scenario lists the algorithms it is validated with");
            if (options.Algorithms is { } only) algorithms = algorithms.Where(only.Contains).ToList();
            var series = new List<(string, double[], double[])>();
            foreach (var algorithm in algorithms)
            {
                var simulated = new List<double>();
                var measured = new List<double>();
                for (int repeat = 0; repeat < options.Repeats; repeat++)
                {
                    string dir = Path.Combine(options.OutDir, scenario.Name, algorithm, $"r{repeat}");
                    log($"{scenario.Name} / {algorithm} / repeat {repeat}: on the testbed for {scenario.DurationS} s, then simulating it ({options.SimReplications} replications) ...");
                    // The host's speed on either side of the testbed run (HostSpeed): the simulated run gets the
                    // description at the host's speed of the moment, never anything of the run's own timings.
                    bool probe = options.HostProbe && scenario.Testbed is { } tb && double.IsFinite(tb.HostProbeS);
                    // Where the description has each tier's probe under its quota, the same sampled through this run (RunSpeedProbe).
                    bool tierProbe = probe && scenario.Testbed!.TierProbeS is not null;
                    double before = probe ? HostSpeedProbe.MeasureS() : double.NaN;
                    HilResult hil;
                    double[]? tiersDuring = null;
                    using (var during = tierProbe ? RunSpeedProbe.Start(TierQuotas(scenario.Testbed!)) : null)
                    {
                        hil = HilRunner.Run(scenario, algorithm, options.Hil with { Repeat = repeat });
                        tiersDuring = during?.Stop();
                    }
                    double after = probe ? HostSpeedProbe.MeasureS() : double.NaN;
                    var speed = HostSpeed.Of(scenario.Testbed, before, after, tiersDuring);
                    if (probe) log("  " + speed);
                    var simScenario = probe ? scenario with { Testbed = speed.Apply(scenario.Testbed!) } : scenario;
                    RunFolder.Write(Path.Combine(dir, "hil"), scenario, hil.Log, hil.Timeline, hil.Summary, hil.Timing, hil.Nodes);
                    HopBreakdown.Write(Path.Combine(dir, "hops.csv"), hil.Traces);
                    var sims = SimulatedReplications.Run(simScenario, algorithm, repeat, options.SimReplications);
                    // Replication 0 is the plain run: its files are what `t2c run` of the same seed writes.
                    var sim = sims.First;
                    RunFolder.Write(Path.Combine(dir, "sim"), simScenario, sim.Log, sim.Timeline, sim.Summary, sim.Timing, sim.Nodes);
                    SimHopFile.Write(Path.Combine(dir, "sim-hops.csv"), sims.Hops[0].Hops);
                    sims.Write(Path.Combine(dir, "sim-replications.csv"));
                    var run = Compare(simScenario, algorithm, repeat, sims.Logs, hil.Log, hil.Traces, sim.Summary, hil.Summary, sims.PooledHops.ToList());
                    string tierSpeeds = speed.TierRatiosText(scenario.Topology.TierCount);
                    run = run with { Rows = run.Rows.Select(r => r with { HostSpeed = speed.Ratio, TierSpeeds = tierSpeeds }).ToList() };
                    runs.Add(run);
                    simulated.AddRange(sims.Logs.SelectMany(l => l.Requests).Where(r => r.Ran).Select(r => r.LatencyS));
                    measured.AddRange(hil.Log.Requests.Where(r => r.Ran).Select(r => r.LatencyS));
                    // Written after every run pair, so an interrupted suite keeps what it measured.
                    CsvTable.Write(Path.Combine(options.OutDir, "validation.csv"), SuiteRow.Header, runs.SelectMany(r => r.Rows).Select(r => r.Cells()));
                    foreach (var row in run.Rows) log("  " + Describe(row));
                    log(string.Create(CultureInfo.InvariantCulture, $"  testbed busy: {string.Join(", ", run.TierBusy.Select((b, k) => $"{scenario.Topology.Nodes[k].Name} {b:0%}"))}; largest hop gaps: {string.Join("; ", run.Gaps.Take(3))}"));
                    log("  against the description's terms: " + string.Join("; ", run.ModelGaps.Take(3)));
                    if (!run.SameArrivals) log("  the simulated and the measured run did not see the same requests arrive");
                }
                series.Add((algorithm, simulated.ToArray(), measured.ToArray()));
            }
            LatencyDistributionPlot.Save(options.OutDir, scenario.Name, series);
        }
        CsvTable.Write(Path.Combine(options.OutDir, "validation.csv"), SuiteRow.Header, runs.SelectMany(r => r.Rows).Select(r => r.Cells()));
        return runs;
    }

    /// <summary>Each tier's quota as its description gives it (share of a CPU, period in seconds): what its agent runs under.</summary>
    private static List<(double Share, double PeriodS)> TierQuotas(Core.Execution.TestbedDescription testbed) =>
        testbed.Tiers.Select(t => (t.CpuShare, t.QuotaPeriodS)).ToList();

    /// <summary>
    /// The rows of one run pair (per model and task, then overall), each that misses the goal naming the hop with the largest gap.
    /// The simulated side is every replication of the simulated run (replication 0 first), pooled per row; `simHops` theirs together.
    /// </summary>
    public static SuiteRun Compare(Scenario scenario, string algorithm, int repeat, IReadOnlyList<Core.Controller.RunLog> sims, Core.Controller.RunLog hil, IReadOnlyList<JobTrace> traces,
        Core.Metrics.RunSummary simSummary, Core.Metrics.RunSummary hilSummary, IReadOnlyList<Core.Execution.SimHop>? simHops = null)
    {
        var sim = sims[0];
        // The simulated run's own hop records when it has them (a scenario with a testbed description);
        // otherwise the description's terms replayed for the measured jobs.
        var modelGaps = HopAttribution.Gaps(traces, scenario.Topology, scenario.Testbed);
        var gaps = simHops is { Count: > 0 } ? HopAttribution.Simulated(traces, simHops) : modelGaps;
        string hop = gaps.Count > 0 ? gaps[0].ToString() : "no hop timings";
        var keys = sim.Requests.Concat(hil.Requests).Select(r => (r.Request.Model, r.Request.Task)).Distinct().Order().ToList();
        // A row's requests in every replication of the simulated run (replication 0 first).
        IReadOnlyList<IReadOnlyList<Core.Controller.RequestRecord>> SimWhere(Func<Core.Controller.RequestRecord, bool> inRow) =>
            sims.Select(l => (IReadOnlyList<Core.Controller.RequestRecord>)l.Requests.Where(inRow).ToList()).ToList();
        var rows = keys.Select(k => SuiteRow.Of(scenario.Name, algorithm, repeat, k.Model, k.Task, SimWhere(r => r.Request.Model == k.Model && r.Request.Task == k.Task),
                hil.Requests.Where(r => r.Request.Model == k.Model && r.Request.Task == k.Task).ToList()))
            .Append(SuiteRow.Of(scenario.Name, algorithm, repeat, "all", "all", SimWhere(_ => true), hil.Requests.ToList()))
            .Select(r => r.MeetsGoal ? r : r with { Hop = hop })
            .ToList();
        // The testbed saw what every replication saw (replications differ in execution only).
        bool same = sims.All(l => SimulatedReplications.SameRequests(l, hil));
        // Per node (the chain: per tier), by its hop name.
        var busy = Enumerable.Range(0, scenario.Topology.NodeCount)
            .Select(k => T2CSim.Core.Execution.HopNames.Node(scenario.Topology, k))
            .Select(hop => traces.SelectMany(t => t.Items()).Where(i => i.Hop == hop && i.What == "compute" && double.IsFinite(i.Seconds)).Sum(i => i.Seconds) / scenario.DurationS)
            .ToList();
        return new SuiteRun(scenario.Name, algorithm, repeat, rows, same, simSummary, hilSummary, gaps, busy, modelGaps);
    }

    public static string Describe(SuiteRow r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Model,-9} {r.Task,-8} served sim {r.SimServed:0.#}/{r.SimArrived} (x{r.SimReplications}) hil {r.HilServed}/{r.HilArrived}  median pred {r.PredictedMedianS * 1000:0.0} sim {r.SimulatedMedianS * 1000:0.0} hil {r.MeasuredMedianS * 1000:0.0} ms ({r.MedianError:+0.0%;-0.0%})  p95 sim {r.SimulatedP95S * 1000:0.0} hil {r.MeasuredP95S * 1000:0.0} ms ({r.P95Error:+0.0%;-0.0%})  satisfied {r.SatisfiedPoints:+0.0;-0.0} pts  pred {r.PredictionError:+0.0%;-0.0%}  {(r.MeetsGoal ? "goal met" : "MISSES: " + r.Hop)}");
}
