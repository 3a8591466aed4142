namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using System.Globalization;
using T2CSim.Core.Planning;
using T2CSim.Core.Simulation;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Results;
using T2CSim.Hardware.Hil;

/// <summary>
/// `t2c validate --scenario FILE --algorithm NAME [--duration S] [--out DIR]`: the same scenario in
/// simulation and on the loopback testbed; prints and writes (validation.csv) per model and task the
/// predicted, simulated and measured median latency, the served counts and the errors.
/// `t2c validate --suite scenarios/validation [--repeats N]`: the validation suite (ValidationSuite,
/// docs/validation.md): one validation.csv for every (scenario, algorithm, repeat, model, task) and a
/// latency-distribution plot per scenario.
/// </summary>
public sealed class ValidateCommand : ICliCommand
{
    public Command Build()
    {
        var scenario = new ScenarioOptions("scenarios/hil-smoke.yaml");
        var algorithm = new Option<string?>("--algorithm") { Description = $"One of {string.Join(", ", AlgorithmCatalog.Names)} (required without --suite; with it, only this one of each scenario's)." };
        var suite = new Option<string?>("--suite") { Description = "Validate every scenario of this folder (e.g. scenarios/validation) with the algorithms each lists under sweep.algorithms." };
        var repeats = new Option<int>("--repeats") { Description = "With --suite: repeats of every (scenario, algorithm).", DefaultValueFactory = _ => 1 };
        var replications = new Option<int>("--sim-replications")
        {
            Description = $"With --suite: replications of each simulated run (same arrivals, their own execution draws) pooled into its rows; 1: one draw, as before (docs/validation.md).",
            DefaultValueFactory = _ => Validation.SimulatedReplications.DefaultCount,
        };
        var output = new Option<string?>("--out") { Description = "Folder for validation.csv and both runs' files (default results/validate/<scenario>-<algorithm>)." };
        var noQuota = new Option<bool>("--no-cpu-quota") { Description = "Run the agents unthrottled." };
        var testbed = new Option<bool>("--testbed") { Description = "Run the agents in the namespace testbed of `t2c testbed up` instead of on loopback." };
        var noProbe = new Option<bool>("--no-host-probe") { Description = "With --suite: simulate the testbed description as calibrated, without probing the host's speed around each testbed run (docs/validation.md, \"The host's speed\")." };
        var command = new Command("validate", "Compare predicted, simulated and measured latency of one scenario (simulation vs the loopback testbed).");
        scenario.AddTo(command);
        foreach (var o in new Option[] { algorithm, output, noQuota, testbed, suite, repeats, replications, noProbe }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            if (parse.GetValue(suite) is { } folder)
            {
                RunSuite(parse, scenario, folder, parse.GetValue(repeats), parse.GetValue(replications), parse.GetValue(algorithm), parse.GetValue(output), !parse.GetValue(noQuota), parse.GetValue(testbed), !parse.GetValue(noProbe));
                return;
            }
            var s = scenario.Load(parse);
            var spec = AlgorithmCatalog.Get(parse.GetValue(algorithm) ?? throw new Core.UserInputException(null, "--algorithm", "required (or --suite)"));
            string dir = parse.GetValue(output) ?? Path.Combine("results", "validate", $"{s.Name}-{spec.Name}");
            Console.WriteLine($"simulating {s.Name} with {spec.Name} for {s.DurationS} s ...");
            var simHops = new Core.Execution.HopRecorder();
            var sim = Experiment.Run(s, spec.Name, hops: simHops);
            RunFolder.Write(Path.Combine(dir, "sim"), s, sim.Log, sim.Timeline, sim.Summary, sim.Timing, sim.Nodes);
            Validation.SimHopFile.Write(Path.Combine(dir, "sim-hops.csv"), simHops.Hops);
            Console.WriteLine($"running it on the testbed for {s.DurationS} s ...");
            var options = HilCommand.Options(3, !parse.GetValue(noQuota), false);
            if (parse.GetValue(testbed)) options = options with { Testbed = new T2CSim.Hardware.Testbed.TestbedNetwork() };
            var hil = HilRunner.Run(s, spec.Name, options);
            RunFolder.Write(Path.Combine(dir, "hil"), s, hil.Log, hil.Timeline, hil.Summary, hil.Timing, hil.Nodes);
            HopBreakdown.Write(Path.Combine(dir, "hops.csv"), hil.Traces);

            var rows = ValidationTable.Build(sim.Log, hil.Log).Append(ValidationTable.Overall(sim.Log, hil.Log)).ToList();
            CsvTable.Write(Path.Combine(dir, "validation.csv"), ValidationTable.Header, rows.Select(ValidationTable.Row));
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"{"model",-10} {"task",-8} {"sim ran/served",15} {"hil ran/served",15} {"predicted",10} {"simulated",10} {"measured",10} {"pred err",9} {"sim err",9}"));
            foreach (var r in rows)
                Console.WriteLine(string.Create(inv,
                    $"{r.Model,-10} {r.Task,-8} {$"{r.SimRan}/{r.SimServed}",15} {$"{r.HilRan}/{r.HilServed}",15} {r.PredictedS * 1000,8:0.0}ms {r.SimulatedS * 1000,8:0.0}ms {r.MeasuredS * 1000,8:0.0}ms {r.PredictionError,9:P1} {r.SimulationError,9:P1}"));
            Console.WriteLine("where the testbed's time went (per partition and hop; docs/hardware.md, \"Timing\"):");
            foreach (var line in HopBreakdown.Lines(hil.Traces)) Console.WriteLine(line);
            double end = hil.Controller.ScalingFactors.WindowS > 0 ? s.DurationS : 0;
            Console.WriteLine(string.Create(inv, $"scaling factors at the end: tiers {string.Join(" ", hil.Controller.ScalingFactors.Current(end).Select(t => t.ToString("0.00", inv)))}; links {string.Join(" ", hil.Controller.LinkFactors.Current(end).Select(t => t.ToString("0.00", inv)))} ({(s.Controller.LinkScaling ? "used" : "logged only: controller.link_scaling is off")})"));
            if (simHops.Hops.Count > 0)
                Console.WriteLine("largest gaps, testbed against simulation (per hop, median over jobs): " + string.Join("; ", Validation.HopAttribution.Simulated(hil.Traces, simHops.Hops).Take(3)));
            Console.WriteLine($"wrote {Path.Combine(dir, "validation.csv")}, {Path.Combine(dir, "hops.csv")}, sim-hops.csv (and sim/, hil/ run files)");
        });
        return command;
    }

    private static void RunSuite(ParseResult parse, ScenarioOptions scenario, string folder, int repeats, int replications, string? algorithm, string? output, bool quotas, bool testbed, bool hostProbe)
    {
        if (repeats < 1) throw new Core.UserInputException(null, "--repeats", $"{repeats}: at least one");
        if (replications is < 1 or > Validation.SimulatedReplications.MaxCount)
            throw new Core.UserInputException(null, "--sim-replications", $"{replications}: from 1 to {Validation.SimulatedReplications.MaxCount}");
        scenario.LoadPlugins(parse);
        var overrides = new List<string>(parse.GetValue(scenario.Set) ?? []);
        if (parse.GetValue(scenario.Duration) is { } d)
        {
            if (!(d > 0)) throw new Core.UserInputException(null, "--duration", "must be positive");
            overrides.Add("duration_s=" + d.ToString("R", CultureInfo.InvariantCulture));
        }
        var options = HilCommand.Options(3, quotas, false);
        if (testbed) options = options with { Testbed = new T2CSim.Hardware.Testbed.TestbedNetwork() };
        string dir = output ?? Path.Combine("results", "validation", Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)));
        var runs = Validation.ValidationSuite.Run(new Validation.SuiteOptions(ScenarioOptions.ResolvePath(folder), dir, repeats, options, overrides,
            algorithm is null ? null : [AlgorithmCatalog.Get(algorithm).Name], replications, hostProbe), Console.WriteLine);
        var overall = runs.SelectMany(r => r.Rows).Where(r => r.Model == "all").ToList();
        Console.WriteLine($"{overall.Count(r => r.MeetsGoal)} of {overall.Count} (scenario, algorithm, repeat) meet the goal overall; " +
            $"{runs.Count(r => !r.SameArrivals)} run pairs saw different arrivals");
        Console.WriteLine($"wrote {Path.Combine(dir, "validation.csv")} and latency-<scenario>.png/.svg");
    }
}
