namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using System.Globalization;
using T2CSim.Core;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Scenarios;
using T2CSim.Experiments.Calibration;
using T2CSim.Experiments.Cli;
using T2CSim.Hardware.Hil;
using T2CSim.Hardware.Profiling;

/// <summary>
/// `t2c calibrate [--testbed] --out testbeds/NAME.yaml`: runs the calibration workload (its own
/// scenario, never a validation one) on the loopback or namespace testbed, each agent under its tier's
/// own CPU quota, pinning and instruction set (as in a validation run), in three placements that
/// between them cross every link and compute on every tier; fits the testbed description's terms to
/// the per-hop timings through the simulator's quota model (CalibrationFit) and writes the
/// description with its provenance, and every sample to results/calibration/NAME.samples.csv
/// (docs/validation.md, "Calibration").
/// </summary>
public sealed class CalibrateCommand : ICliCommand
{
    /// <summary>
    /// The placements: tiers without partition slots pass the frame on, so the work lands further out.
    /// The first three cross every link; the last two make the device and the edge run whole networks,
    /// so every tier runs short stages and long ones and a stage's fixed cost can be told from its
    /// per-table-second cost (CalibrationFit.FitCompute).
    /// </summary>
    public static readonly (string Name, string[] Overrides)[] Placements =
    [
        ("all tiers", []),
        ("edge and cloud", ["topology.tiers.device.slots=0"]),
        ("cloud only", ["topology.tiers.device.slots=0", "topology.tiers.edge.slots=0"]),
        ("edge only", ["topology.tiers.device.slots=0", "topology.tiers.cloud.slots=0"]),
        ("device only", ["topology.tiers.edge.slots=0", "topology.tiers.cloud.slots=0"]),
    ];

    public Command Build()
    {
        var scenario = new ScenarioOptions("scenarios/calibration/calibration.yaml");
        var algorithm = new Option<string>("--algorithm") { Description = "The controller's algorithm during the workload.", DefaultValueFactory = _ => "T2C_MH" };
        var output = new Option<string?>("--out") { Description = "The testbed description to write (default testbeds/loopback.yaml, or testbeds/namespaces.yaml with --testbed)." };
        var testbed = new Option<bool>("--testbed") { Description = "Calibrate the namespace testbed of `t2c testbed up` instead of loopback." };
        var name = new Option<string?>("--name") { Description = "The description's name (default loopback or namespaces)." };
        var refit = new Option<bool>("--refit") { Description = "Last, refit each network factor through the simulator until the simulated calibration workload gives its stages their measured walls (docs/validation.md, \"The fit closed through the simulator\"; off by default: on the suite it did not carry over)." };
        var fromSamples = new Option<string?>("--from-samples") { Description = "Refit the samples of an earlier calibration (results/calibration/NAME.samples.csv) instead of running the workload: one fit over all of them." };
        var stageCpu = new Option<string>("--stage-cpu") { Description = "What each tier's stage CPU terms are fitted on: walls (through the quota clock) or measured (the CPU the agents measured; docs/validation.md, \"Stage CPU fitted on the measured CPU\").", DefaultValueFactory = _ => "measured" };
        stageCpu.AcceptOnlyFromAmong("walls", "measured");
        var repeats = new Option<int>("--repeats") { Description = "Runs of the calibration workload; each term is the runs' median, their range written beside it (about 3 min per run).", DefaultValueFactory = _ => DefaultRepeats };
        var command = new Command("calibrate", "Fit a testbed description's execution-model terms to a dedicated calibration workload's per-hop timings.");
        scenario.AddTo(command);
        foreach (var o in new Option[] { algorithm, output, testbed, name, repeats, refit, fromSamples, stageCpu }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var baseScenario = scenario.Load(parse);
            if (baseScenario.Testbed is not null) throw new UserInputException(baseScenario.SourcePath, "testbed", "a calibration workload runs without a testbed description (it is what it fits)");
            var spec = AlgorithmCatalog.Get(parse.GetValue(algorithm)!);
            bool inNamespaces = parse.GetValue(testbed);
            string label = parse.GetValue(name) ?? (inNamespaces ? "namespaces" : "loopback");
            string path = parse.GetValue(output) ?? Path.Combine("testbeds", label + ".yaml");
            int runs = parse.GetValue(repeats);
            var basis = parse.GetValue(stageCpu) == "measured" ? StageCpuBasis.MeasuredCpu : StageCpuBasis.Walls;
            if (runs is < 1 or > 20) throw new UserInputException(null, "--repeats", $"{runs} is not in [1, 20]");
            var samples = new List<HopSample>();
            var fits = new List<CalibrationResult>();
            double clock = HostMachine.MeasureClockGhz();
            // Each tier's quota, and when the kernel notices a spent one: at its scheduler tick (KernelTick, the
            // agents run on this host's kernel), before the workload so the fit replays the stages on the clock
            // the simulator will use. Only where the kernel's configuration cannot be read, the busy-loop probe's
            // overrun instead (QuotaOverrunProbe: it reads its CPU clock, so it sees less than a tick).
            double? tick = KernelTick.ReadS();
            var shares = baseScenario.Topology.Tiers.Select(t => Quota(t, clock)).ToList();
            var quotas = shares.Select(q => (q.Share, q.PeriodS, OverrunS: tick is null ? Overrun(q) : 0)).ToList();
            var ticks = shares.Select(q => q.PeriodS > 0 && q.Share < 1 ? tick ?? 0 : 0).ToList();
            Console.WriteLine(tick is { } hzTick
                ? string.Create(CultureInfo.InvariantCulture, $"scheduler tick (the kernel's CONFIG_HZ): {hzTick * 1000:0.###} ms")
                : "quota overrun (busy-loop probe per tier's quota; the kernel's CONFIG_HZ is not readable): " + string.Join(", ", baseScenario.Topology.Tiers.Select((t, k) =>
                    string.Create(CultureInfo.InvariantCulture, $"{t.Name} {quotas[k].OverrunS * 1000:0.000} ms"))));
            string? earlier = parse.GetValue(fromSamples);
            if (earlier is not null)
            {
                // A refit of samples already taken: no workload runs (the host's quotas and tick as now).
                samples.AddRange(CalibrationSamples.Read(earlier));
                fits.Add(CalibrationFit.Fit(samples, baseScenario.Topology.TierCount, quotas, ticks, basis));
                Console.WriteLine($"refitting {samples.Count} samples of {earlier}");
            }
            // The host's speed around the workload (HostSpeedProbe): before each placement and after the last,
            // their median written with the terms, so that a validation run can tell how the host moved since.
            var probes = new List<double>();
            void Probe()
            {
                double p = HostSpeedProbe.MeasureS();
                if (double.IsFinite(p)) probes.Add(p);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  host-speed probe: {p * 1000:0.00} ms of CPU"));
            }
            // And under each tier's quota all through every run (RunSpeedProbe), pooled per tier and network:
            // throttled work moves with the host otherwise than the unthrottled probe (docs/validation.md, "Round 12").
            var tierQuotas = quotas.Select(q => (q.Share, q.PeriodS)).ToList();
            var during = tierQuotas.Select(_ => new List<double>[0]).ToArray();
            void Pool(RunSpeedProbe probe)
            {
                probe.Stop();
                var samples = probe.Samples;
                for (int k = 0; k < during.Length; k++)
                {
                    if (during[k].Length == 0) during[k] = samples[k].Select(_ => new List<double>()).ToArray();
                    for (int n = 0; n < samples[k].Length && n < during[k].Length; n++) during[k][n].AddRange(samples[k][n]);
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  under the tiers' quotas through the run: {string.Join(", ", samples.Select(t => (RunSpeedProbe.Figure(t) * 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms"))}"));
            }
            for (int repeat = 0; earlier is null && repeat < runs; repeat++)
            {
                var these = new List<HopSample>();
                foreach (var (placement, overrides) in Placements)
                {
                    Probe();
                    var s = ScenarioLoader.Load(baseScenario.SourcePath, [.. baseScenario.Overrides, .. overrides]);
                    Console.WriteLine($"calibration workload{(runs > 1 ? $" (run {repeat + 1} of {runs})" : "")}, {placement}: {s.Name} with {spec.Name} for {s.DurationS} s, agents under their tiers' quotas ...");
                    // The validation runs' conditions: each agent in its tier's CPU group (quota, period,
                    // weight, pinning, instruction set). A first version ran them at a whole CPU each and
                    // measured stages 2-4x slower than under the quotas (docs/validation.md says why).
                    var options = HilCommand.Options(3, cpuQuotas: true, verbose: false);
                    if (inNamespaces) options = options with { Testbed = new T2CSim.Hardware.Testbed.TestbedNetwork() };
                    HilResult run;
                    using (var sampling = RunSpeedProbe.Start(tierQuotas))
                    {
                        run = HilRunner.Run(s, spec.Name, options);
                        Pool(sampling);
                    }
                    var mine = CalibrationSamples.From(run.Traces, s.Topology).ToList();
                    Console.WriteLine($"  {run.Traces.Count} jobs, {mine.Count} hop samples");
                    these.AddRange(mine);
                }
                // Each run fitted on its own: the spread of the fits is the calibration's confidence.
                fits.Add(CalibrationFit.Fit(these, baseScenario.Topology.TierCount, quotas, ticks, basis));
                samples.AddRange(these);
            }
            if (earlier is null) Probe();
            else Console.WriteLine("no host-speed probe with --from-samples (the samples' host is not this moment's): the description gets none, and validation uses its terms as fitted");
            double hostProbe = probes.Count > 0 ? CalibrationFit.Median(probes.ToArray()) : double.NaN;
            double[] tierFigures = during.Select(t => RunSpeedProbe.Figure(t)).ToArray();
            double[]? tierProbe = tierFigures.All(double.IsFinite) ? tierFigures : null;
            var fit = CalibrationRepeats.Combine(fits);
            // A network's factor from the stages of every run together: one run has too few of some (CalibrationFit.WithNetworksPooled).
            if (runs > 1 && earlier is null) fit = CalibrationFit.WithNetworksPooled(fit, samples, runs, basis);
            // The results' returns likewise: a light run has a few dozen beside a computing worker (CalibrationFit.FitBesideIo).
            if (runs > 1 && earlier is null) fit = CalibrationFit.WithReturnsPooled(fit, samples, runs);
            // With --refit, then through the simulator: the factors at which it gives the workload's own stages their measured walls (SimulatedRefit).
            if (parse.GetValue(refit)) fit = Refit(fit, label, baseScenario, spec.Name, samples);
            var provenance = new CalibrationProvenance(Environment.MachineName, CpuModel(), DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
                "t2c " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), LoadAverage(),
                (earlier is null ? "" : $"refit of {earlier}: ") + $"{Path.GetFileName(baseScenario.SourcePath)} ({string.Join("; ", Placements.Select(p => p.Name))}), {spec.Name}, {baseScenario.DurationS} s each, host clock {clock.ToString("0.00", CultureInfo.InvariantCulture)} GHz");
            TestbedFile.Write(path, label, baseScenario.Topology, fit, provenance, hostProbe, tierProbe);
            string samplesPath = earlier ?? Path.Combine("results", "calibration", label + ".samples.csv");
            if (earlier is null) Results.CsvTable.Write(samplesPath, CalibrationSamples.Columns,
                samples.Select(x => new[] { x.Term.ToString(), x.Index.ToString(CultureInfo.InvariantCulture), x.Seconds.ToString("R", CultureInfo.InvariantCulture),
                    x.SerialisationS.ToString("R", CultureInfo.InvariantCulture), x.PrecedingTableS.ToString("R", CultureInfo.InvariantCulture), x.PrecedingResults.ToString(CultureInfo.InvariantCulture), x.Network,
                    double.IsNaN(x.IdleS) ? "" : x.IdleS.ToString("R", CultureInfo.InvariantCulture), x.PreviousNetwork,
                    double.IsNaN(x.CpuS) ? "" : x.CpuS.ToString("R", CultureInfo.InvariantCulture), x.Beside ? "1" : "0" }));
            foreach (var t in fit.Terms)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.Term,-22} n={t.Samples,4}  {(t.Unitless ? t.ValueS.ToString("0.000", CultureInfo.InvariantCulture) : (t.ValueS * 1000).ToString("0.000", CultureInfo.InvariantCulture) + " ms")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wire fit R² {fit.WireRSquared:0.000}; wrote {path} and the samples to {samplesPath}"));
        });
        return command;
    }

    private static CalibrationResult Refit(CalibrationResult fit, string label, Scenario baseScenario, string algorithm, IReadOnlyList<HopSample> samples)
    {
        var placements = Placements.Select(p => ScenarioLoader.Load(baseScenario.SourcePath, [.. baseScenario.Overrides, .. p.Overrides])).ToList();
        var measured = samples.Where(x => x.Term == HopTerm.Compute && x.SerialisationS > 0).Select(x => new SimulatedRefit.Stage(x.Index, x.Network, x.SerialisationS, x.Seconds));
        (fit, var refitted) = SimulatedRefit.NetworkFactors(fit, label, placements, algorithm, measured);
        foreach (var c in refitted)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  refit tier{c.Tier}.{c.Network}: factor {c.FactorBefore:0.###} -> {c.FactorAfter:0.###}, simulated/measured wall x{c.RatioBefore:0.###} -> x{c.RatioAfter:0.###} ({c.Measured} stages)"));
        return fit;
    }

    /// <summary>
    /// Runs of the calibration workload by default: three, so every term is a median with a range
    /// (about 10 minutes on the 2-core host; one run, `--repeats 1`, about 3).
    /// </summary>
    public const int DefaultRepeats = 3;

    /// <summary>The tier's CPU quota as the HIL runner gives its agent on this host (share, period); none for a tier without emulation.</summary>
    public static (double Share, double PeriodS) Quota(TierSpec tier, double hostClockGhz)
    {
        if (Testbed.Tiers.FirstOrDefault(t => t.Tier == tier.Name) is not { } emulation) return (1, 0);
        var (periodUs, quotaUs) = emulation.Quota(hostClockGhz);
        return ((double)quotaUs / periodUs, periodUs / 1e6);
    }

    /// <summary>
    /// The overrun of a group of this quota (QuotaOverrunProbe), 0 for a tier without one, or where no
    /// cpu cgroup can be made (then the calibration runs without quotas either).
    /// </summary>
    private static double Overrun((double Share, double PeriodS) quota)
    {
        if (quota.PeriodS <= 0 || quota.Share >= 1 || !CpuQuotaCgroup.Available()) return 0;
        int periodUs = (int)Math.Round(quota.PeriodS * 1e6);
        return QuotaOverrunProbe.MeasureS(periodUs, (int)Math.Round(quota.Share * periodUs));
    }

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo") && File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':') + 1)..].Trim() + $" ({Environment.ProcessorCount} CPUs)"
            : $"unknown ({Environment.ProcessorCount} CPUs)";

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
