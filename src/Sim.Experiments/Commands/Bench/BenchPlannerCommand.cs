namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using T2CSim.Core;
using T2CSim.Core.Planning;
using T2CSim.Experiments.Cli;

/// <summary>
/// `t2c bench planner`: wall time of one planning call per algorithm on synthetic instances of the
/// thesis's size (5 models) and larger (50, 500, 5,000 models, slots scaled with the models), median
/// of several calls after a warm-up. T2C_OPT is reported as "too large" where its exact dynamic
/// program would exceed its state limit. Meant to be mounted under `bench`.
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
        Console.WriteLine($"{"models",7} {"requests",8} {"slots",14} {"algorithm",-20} {"median",12} {"min",12} {"calls",5} {"served",7}");
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
                    var (median, min, calls, served) = Time(planner, context, runs, budgetS);
                    Console.WriteLine($"{row} {Format(median),12} {Format(min),12} {calls,5} {served,7}");
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

    private static (double Median, double Min, int Calls, int Served) Time(IDeploymentPlanner planner, PlanningContext context, int runs, double budgetS)
    {
        // Warm-up until the JIT has settled on optimised code: tiered compilation recompiles hot
        // methods only after 30 calls and ~100 ms without new tier-0 code, so warm up by time
        // (a quarter of the budget, at most 0.5 s, at least one call), not by a call count.
        int served = 0;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i == 0 || Stopwatch.GetElapsedTime(start).TotalSeconds < Math.Min(0.5, budgetS / 4); i++)
            served = planner.Plan(context).PredictedServed;
        var times = new List<double>(runs);
        start = Stopwatch.GetTimestamp();
        while (times.Count < runs && (times.Count < 3 || Stopwatch.GetElapsedTime(start).TotalSeconds < budgetS))
        {
            long t0 = Stopwatch.GetTimestamp();
            planner.Plan(context);
            times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[0], times.Count, served);
    }

    private static string Format(double seconds) => seconds switch
    {
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
