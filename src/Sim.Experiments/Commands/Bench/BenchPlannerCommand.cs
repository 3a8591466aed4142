namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using T2CSim.Core;
using T2CSim.Core.Planning;
using T2CSim.Experiments.Cli;

/// <summary>
/// `t2c bench planner`: wall time of one planning call per algorithm on synthetic instances of the
/// thesis's size (5 models) and larger (50, 500, 5,000 models, slots scaled with the models), median
/// of several calls after a warm-up. T2C_OPT is reported as "too large" where its exact dynamic
/// program would exceed its state limit. Meant to be mounted under `bench`.
/// Besides wall time it reports what survives a loaded machine: process CPU time per call (mean over
/// the timed calls), bytes allocated per call on the calling thread, GC pause per call and the number
/// of collections during the timed calls (gen0/gen1/gen2), so variants can be compared by work done
/// rather than by a wall clock shared with other processes.
/// </summary>
public static class BenchPlannerCommand
{
    public static Command Build(string name = "planner")
    {
        var sizes = new Option<int[]>("--models") { Description = "Model counts to plan for.", DefaultValueFactory = _ => [5, 50, 500, 5000], AllowMultipleArgumentsPerToken = true };
        var runs = new Option<int>("--runs") { Description = "Timed calls per algorithm and size (the median is reported).", DefaultValueFactory = _ => 21 };
        var budget = new Option<double>("--budget") { Description = "Stop timing an algorithm at a size after this many seconds (at least 3 calls).", DefaultValueFactory = _ => 3.0 };
        var seed = new Option<long>("--seed") { Description = "Seed of the synthetic instances.", DefaultValueFactory = _ => 1 };
        var command = new Command(name, "Time the deployment planners on synthetic instances (median per call).") { sizes, runs, budget, seed };
        command.SetAction(parse => Run(parse.GetValue(sizes)!, parse.GetValue(runs), parse.GetValue(budget), parse.GetValue(seed)));
        return command;
    }

    private static void Run(int[] sizes, int runs, double budgetS, long seed)
    {
        if (runs < 1) throw new UserInputException(null, "--runs", "must be at least 1");
        if (sizes.Any(s => s < 1)) throw new UserInputException(null, "--models", "model counts must be positive");
        var planners = AlgorithmCatalog.Names.Select(n => AlgorithmCatalog.Get(n).Planner)
            .Append(new T2CGreedyPlanner("T2C_MHE/best-count", ExitPointSelection.BestCount))
            .ToList();
        WarmUpAll(planners, seed);
        Console.WriteLine($"# GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, concurrent {Concurrent()}, latency mode {GCSettings.LatencyMode}; load average {LoadAverage()}");
        Console.WriteLine($"{"models",7} {"requests",8} {"slots",14} {"algorithm",-20} {"median",12} {"min",12} {"cpu/call",12} {"alloc/call",12} {"gc/call",10} {"gc0/1/2",12} {"calls",5} {"served",7}");
        foreach (int models in sizes)
        {
            var workload = SyntheticPlanningWorkload.Create(new SyntheticWorkloadOptions { Models = models }, seed);
            var context = workload.Context();
            string slots = string.Join("/", context.FreeSlots);
            foreach (var planner in planners)
            {
                var row = $"{models,7} {context.Requests.Count,8} {slots,14} {planner.Name,-20}";
                try
                {
                    var m = Time(planner, context, runs, budgetS);
                    Console.WriteLine($"{row} {Format(m.Median),12} {Format(m.Min),12} {Format(m.CpuPerCall),12} {FormatBytes(m.BytesPerCall),12} {Format(m.GcPausePerCall),10} {m.Collections,12} {m.Calls,5} {m.Served,7}");
                }
                catch (UserInputException e) when (planner is OptimalPlanner)
                {
                    Console.WriteLine($"{row} {"too large",12}   ({e.Problem.Split(':')[0]})");
                }
            }
        }
    }

    /// <summary>
    /// One second of every planner on a thesis-size instance before anything is timed, so that the
    /// first rows do not pay for compiling the code all planners share.
    /// </summary>
    private static void WarmUpAll(IReadOnlyList<IDeploymentPlanner> planners, long seed)
    {
        var context = SyntheticPlanningWorkload.Create(new SyntheticWorkloadOptions(), seed).Context();
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < 1)
            foreach (var planner in planners) planner.Plan(context);
    }

    private sealed record Measurement(double Median, double Min, double CpuPerCall, double BytesPerCall, double GcPausePerCall, string Collections, int Calls, int Served);

    private static Measurement Time(IDeploymentPlanner planner, PlanningContext context, int runs, double budgetS)
    {
        // Warm-up until the JIT has settled on optimised code: tiered compilation recompiles hot
        // methods only after 30 calls and ~100 ms without new tier-0 code, so warm up by time
        // (a quarter of the budget, at most 0.5 s, at least one call), not by a call count.
        int served = 0;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i == 0 || Stopwatch.GetElapsedTime(start).TotalSeconds < Math.Min(0.5, budgetS / 4); i++)
            served = planner.Plan(context).PredictedServed;
        var times = new List<double>(runs);
        // Counters over the whole timed loop (their resolution is too coarse for one 15 µs call).
        // Allocations are the calling thread's: the planners are single-threaded.
        var cpu0 = Environment.CpuUsage.TotalTime;
        long bytes0 = GC.GetAllocatedBytesForCurrentThread();
        var pause0 = GC.GetTotalPauseDuration();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        start = Stopwatch.GetTimestamp();
        while (times.Count < runs && (times.Count < 3 || Stopwatch.GetElapsedTime(start).TotalSeconds < budgetS))
        {
            long t0 = Stopwatch.GetTimestamp();
            planner.Plan(context);
            times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }
        int calls = times.Count;
        double cpu = (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds / calls;
        double bytes = (double)(GC.GetAllocatedBytesForCurrentThread() - bytes0) / calls;
        double pause = (GC.GetTotalPauseDuration() - pause0).TotalSeconds / calls;
        string collections = $"{GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}";
        times.Sort();
        return new Measurement(times[calls / 2], times[0], cpu, bytes, pause, collections, calls, served);
    }

    // Workstation GC runs in Batch latency mode exactly when concurrent (background) GC is off,
    // whether by the project setting or by DOTNET_gcConcurrent.
    private static string Concurrent() => GCSettings.LatencyMode == GCLatencyMode.Batch ? "off" : "on";

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }

    private static string FormatBytes(double bytes) => bytes switch
    {
        < 1024 => bytes.ToString("0", CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / (1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " MB",
    };

    private static string Format(double seconds) => seconds switch
    {
        0 => "0",
        < 1e-3 => (seconds * 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " µs",
        < 1 => (seconds * 1e3).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        _ => seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s",
    };
}

/// <summary>`t2c bench planner`.</summary>
public sealed class PlannerBenchCommand : IBenchSubcommand
{
    public Command Build() => BenchPlannerCommand.Build();
}
