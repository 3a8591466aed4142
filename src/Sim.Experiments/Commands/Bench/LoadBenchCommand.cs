namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using T2CSim.Core;
using T2CSim.Core.Planning;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Experiments.Cli;

/// <summary>
/// `t2c bench load`: one scenario and algorithm at growing workload multipliers (80x to 30,000x by
/// default): events and requests per wall and per CPU second, peak managed heap and garbage
/// collection. A cost that grows with the load (with the queue, or with the requests attached to a
/// deployment) shows as events/s falling from one row to the next. Nothing is written.
/// </summary>
public sealed class LoadBenchCommand : IBenchSubcommand
{
    public Command Build()
    {
        var scenario = new Option<string>("--scenario") { Description = "Scenario YAML file.", DefaultValueFactory = _ => "scenarios/thesis-planning.yaml" };
        var set = new Option<string[]>("--set") { Description = "Override a scenario field, e.g. --set controller.aggregation_period_s=20 (repeatable)." };
        var algorithm = new Option<string>("--algorithm") { Description = $"One of {string.Join(", ", AlgorithmCatalog.Names)}.", DefaultValueFactory = _ => "T2C_MHE" };
        var multipliers = new Option<double[]>("--multipliers") { Description = "Workload multipliers, one run each.", DefaultValueFactory = _ => [80, 1_000, 10_000, 30_000], AllowMultipleArgumentsPerToken = true };
        var duration = new Option<double?>("--duration") { Description = "Simulated seconds per run (default: the scenario's)." };
        var command = new Command("load", "Events and requests per second of one scenario at growing workload multipliers.") { scenario, set, algorithm, multipliers, duration };
        command.SetAction(parse =>
        {
            var factors = parse.GetValue(multipliers)!;
            if (factors.Length == 0 || factors.Any(m => !(m > 0) || !double.IsFinite(m)))
                throw new UserInputException(null, "--multipliers", "give one or more positive numbers");
            if (parse.GetValue(duration) is { } d && !(d > 0 && double.IsFinite(d)))
                throw new UserInputException(null, "--duration", $"{d.ToString(CultureInfo.InvariantCulture)} is not a positive number of seconds");
            var spec = AlgorithmCatalog.Get(parse.GetValue(algorithm)!);
            string path = ScenarioOptions.ResolvePath(parse.GetValue(scenario)!);
            var overrides = parse.GetValue(set) ?? [];
            Run(m => Load(path, overrides, m, parse.GetValue(duration)), spec.Name, factors);
        });
        return command;
    }

    private static Scenario Load(string path, IEnumerable<string> overrides, double multiplier, double? durationS)
    {
        var inv = CultureInfo.InvariantCulture;
        var all = overrides.Append("workload.multiplier=" + multiplier.ToString("R", inv)).ToList();
        if (durationS is { } d) all.Add("duration_s=" + d.ToString("R", inv));
        return ScenarioLoader.Load(path, all);
    }

    private static void Run(Func<double, Scenario> scenarioAt, string algorithm, double[] multipliers)
    {
        var inv = CultureInfo.InvariantCulture;
        var first = scenarioAt(multipliers[0]);
        Console.WriteLine($"t2c bench load: {first.Name}, {algorithm}, {first.DurationS.ToString(inv)} simulated s per run, one thread, " +
                          $".NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; load average {LoadAverage()}");
        Console.WriteLine("rates per wall second (Stopwatch around the whole run: simulation and metrics) and per second of the process's CPU time;");
        Console.WriteLine("peak heap = largest managed heap seen (sampled every 10 ms); allocated = bytes allocated; GCs = collections gen0/1/2 during the run.");
        // Warm-up: the first multiplier once, so the rows do not pay for compiling the simulator.
        Experiment.Run(first, algorithm);
        Console.WriteLine(string.Create(inv, $"{"multiplier",10} {"requests",9} {"events",10} {"wall s",7} {"events/s",10} {"requests/s",11} {"events/CPU s",13} {"requests/CPU s",15} {"peak heap",10} {"allocated",10} {"GCs",12} {"GC pause",9}"));
        foreach (double multiplier in multipliers)
        {
            var scenario = scenarioAt(multiplier);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            var pause0 = GC.GetTotalPauseDuration();
            long allocated0 = GC.GetTotalAllocatedBytes(precise: true);
            using var heap = new PeakHeapSampler();
            var cpu0 = Environment.CpuUsage.TotalTime;
            var wall = Stopwatch.StartNew();
            var result = Experiment.Run(scenario, algorithm);
            double wallS = wall.Elapsed.TotalSeconds;
            double cpuS = (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds;
            long peak = heap.Stop();
            double allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated0) / 1048576.0;
            long events = result.Timing.Events;
            int requests = result.Summary.Arrived;
            string gcs = $"{GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}";
            double pauseS = (GC.GetTotalPauseDuration() - pause0).TotalSeconds;
            Console.WriteLine(string.Create(inv,
                $"{multiplier,10:0.###} {requests,9:N0} {events,10:N0} {wallS,7:0.00} {events / wallS,10:N0} {requests / wallS,11:N0} {events / cpuS,13:N0} {requests / cpuS,15:N0} {peak / 1048576.0,7:N0} MB {allocatedMb,7:N0} MB {gcs,12} {pauseS,7:0.00} s"));
        }
        Console.WriteLine($"load average at the end {LoadAverage()}");
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }

    /// <summary>
    /// The largest managed heap seen while a run goes on, read every 10 ms on a background thread
    /// (the simulation itself is not touched, so its event count stays that of a plain run).
    /// </summary>
    private sealed class PeakHeapSampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peak;

        public PeakHeapSampler()
        {
            _peak = GC.GetTotalMemory(false);
            _thread = new Thread(Sample) { IsBackground = true, Name = "peak heap sampler" };
            _thread.Start();
        }

        private void Sample()
        {
            while (!_stop)
            {
                long now = GC.GetTotalMemory(false);
                if (now > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, now);
                Thread.Sleep(10);
            }
        }

        public long Stop()
        {
            _stop = true;
            _thread.Join();
            return Math.Max(Interlocked.Read(ref _peak), GC.GetTotalMemory(false));
        }

        public void Dispose()
        {
            if (!_stop) Stop();
        }
    }
}
