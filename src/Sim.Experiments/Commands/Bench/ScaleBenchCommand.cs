namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Experiments.Cli;

/// <summary>
/// `t2c bench scale` (docs/topology.md, "Scale"): the generated continuum of scenarios/bench-scale.yaml
/// at 100, 1,000 and 10,000 devices (100 per edge, one cloud), 10 simulated minutes, with the request
/// rate per device fixed (workload.multiplier = rate x devices), one run per size on the calling thread.
/// Per size: the wall time and the process CPU time of the run (loading excluded; CPU survives a loaded
/// machine, wall does not), events and requests per CPU second, the managed heap after the run and the
/// process's peak working set so far (sizes run smallest first, so it is the peak of the largest run
/// yet), and the growth of CPU time and heap per added device between consecutive sizes. The planner's
/// CPU time and the GC's pauses say where a superlinear growth comes from. The process is pinned to one
/// CPU (CpuPinning, `--cpu`), so that wall and CPU time are both the goal's "on one core".
/// </summary>
public sealed class ScaleBenchCommand : IBenchSubcommand
{
    public Command Build()
    {
        var scenario = new Option<string>("--scenario") { Description = "Scenario with topology.generate.", DefaultValueFactory = _ => "scenarios/bench-scale.yaml" };
        var devices = new Option<int[]>("--devices") { Description = "Device counts.", DefaultValueFactory = _ => [100, 1000, 10000], AllowMultipleArgumentsPerToken = true };
        var perDevice = new Option<double>("--multiplier-per-device") { Description = "workload.multiplier per device (2.8: 0.175 requests/s per device at the trace's busiest hour).", DefaultValueFactory = _ => 2.8 };
        var algorithm = new Option<string>("--algorithm") { Description = "Algorithm of the runs.", DefaultValueFactory = _ => "T2C_MHE" };
        var duration = new Option<double?>("--duration") { Description = "Simulated seconds (default: the scenario's)." };
        var cpu = new Option<string?>("--cpu") { Description = "CPU to pin the whole process to (default: the highest this process may use), or \"none\"." };
        var largeObjects = new Option<int>("--large-objects") { Description = "After each size, the N types most sampled on the large object heap (0: none; the sampling costs time).", DefaultValueFactory = _ => 0 };
        var command = new Command("scale", "Wall time, CPU, events/s, requests/s and memory of 100 to 10,000 devices, on one CPU.") { scenario, devices, perDevice, algorithm, duration, cpu, largeObjects };
        command.SetAction(parse => Run(parse.GetValue(scenario)!, parse.GetValue(devices)!, parse.GetValue(perDevice), parse.GetValue(algorithm)!, parse.GetValue(duration), parse.GetValue(cpu), parse.GetValue(largeObjects)));
        return command;
    }

    private static void Run(string scenarioPath, int[] sizes, double perDevice, string algorithm, double? durationS, string? cpu, int largeObjects)
    {
        if (sizes.Length == 0 || sizes.Any(n => n < 1)) throw new UserInputException(null, "--devices", "device counts must be positive");
        if (largeObjects < 0) throw new UserInputException(null, "--large-objects", $"{largeObjects}: must be 0 or more");
        if (!(perDevice > 0)) throw new UserInputException(null, "--multiplier-per-device", $"{perDevice}: must be positive");
        var inv = CultureInfo.InvariantCulture;
        var path = File.Exists(scenarioPath) ? Path.GetFullPath(scenarioPath) : ProjectPaths.InRoot(scenarioPath);
        string pinning = CpuPinning.Apply(cpu);
        Console.WriteLine($"t2c bench scale: {Path.GetFileName(path)}, {algorithm}, .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {pinning}, load average {LoadAverage()}");
        Console.WriteLine($"{"devices",8} {"nodes",7} {"links",7} {"requests",10} {"events",11} {"load s",7} {"wall s",8} {"cpu s",8} {"events/cpu s",13} {"req/cpu s",10} {"planner s",9} {"gc pause s",10} {"gc0/1/2",14} {"heap MB",8} {"alloc MB",9} {"peak WS MB",10} {"cpu ms/dev",10} {"heap KB/dev",11}");
        using var large = largeObjects > 0 ? new LargeObjectAllocations() : null;
        (int Devices, double CpuS, double HeapMb)? previous = null;
        foreach (int n in sizes.Order())
        {
            var overrides = new List<string> { $"topology.generate.devices={n}", string.Create(inv, $"workload.multiplier={perDevice * n}") };
            if (durationS is { } d) overrides.Add(string.Create(inv, $"duration_s={d}"));
            var load = Stopwatch.StartNew();
            var s = ScenarioLoader.Load(path, overrides, new RunLimits(long.MaxValue));
            double loadS = load.Elapsed.TotalSeconds;
            GC.Collect();
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var pause0 = GC.GetTotalPauseDuration();
            int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
            long alloc0 = GC.GetTotalAllocatedBytes(precise: true);
            var wall = Stopwatch.StartNew();
            var run = Experiment.Run(s, algorithm);
            double wallS = wall.Elapsed.TotalSeconds;
            process.Refresh();
            double cpuS = (process.TotalProcessorTime - cpu0).TotalSeconds;
            double pauseS = (GC.GetTotalPauseDuration() - pause0).TotalSeconds;
            string collections = $"{GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}";
            double heapMb = GC.GetTotalMemory(false) / 1048576.0;
            double allocMb = (GC.GetTotalAllocatedBytes(precise: true) - alloc0) / 1048576.0;
            double peakMb = process.PeakWorkingSet64 / 1048576.0;
            long events = run.Timing.Events;
            int requests = run.Summary.Arrived;
            string growth = previous is { } p
                ? string.Create(inv, $"{(cpuS - p.CpuS) * 1000 / (n - p.Devices),10:0.000} {(heapMb - p.HeapMb) * 1024 / (n - p.Devices),11:0.0}")
                : $"{"",10} {"",11}";
            Console.WriteLine(string.Create(inv, $"{n,8} {s.Topology.NodeCount,7} {s.Topology.Links.Count,7} {requests,10:N0} {events,11:N0} {loadS,7:0.00} {wallS,8:0.00} {cpuS,8:0.00} {events / cpuS,13:N0} {requests / cpuS,10:N0} {run.Timing.PlannerCpuS,9:0.00} {pauseS,10:0.00} {collections,14} {heapMb,8:0.0} {allocMb,9:0} {peakMb,10:0.0} ") + growth);
            previous = (n, cpuS, heapMb);
            if (large is not null)
                foreach (var (type, bytes, samples) in large.TakeTop(largeObjects))
                    Console.WriteLine(string.Create(inv, $"  large object heap: {samples,6} samples of {bytes,12:N0} B {type}"));
        }
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }
}
