namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;
using System.Runtime;
using T2CSim.Core;
using T2CSim.Experiments.Commands.Bench.Kernel;

/// <summary>
/// `t2c bench kernel`: the simulation kernel on SimSharp 3.4's synthetic benchmark and machine-shop
/// workloads, on one thread; prints the median rate of several runs next to SimSharp's.
/// </summary>
public sealed class KernelBenchCommand : IBenchSubcommand
{
    public Command Build()
    {
        var runs = new Option<int>("--runs") { Description = "Measured runs per workload (the median is shown).", DefaultValueFactory = _ => 5 };
        var quick = new Option<bool>("--quick") { Description = "Small workloads: a smoke run, not a measurement." };
        var only = new Option<string?>("--only") { Description = "Run only the workloads whose name contains this text (e.g. \"10,000\" or \"machine\")." };
        var command = new Command("kernel", "Events per second of the simulation kernel against SimSharp 3.4.2.") { runs, quick, only };
        command.SetAction(parse => Run(parse.GetValue(runs), parse.GetValue(quick), parse.GetValue(only)));
        return command;
    }

    private static void Run(int runs, bool quick, string? only)
    {
        if (runs < 1) throw new UserInputException(null, "--runs", "must be at least 1");
        Console.WriteLine($"t2c bench kernel: median of {runs} run(s){(quick ? ", quick sizes" : "")}, one thread, " +
                          $".NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        Console.WriteLine("T2CSim = median wall-clock rate (Stopwatch); per CPU s = median rate per second of CPU time used,");
        Console.WriteLine("which stays comparable when other work shares the machine. SimSharp's figures are fixed references.");
        Console.WriteLine();
        Console.WriteLine($"{"workload",-26} {"unit",-12} {"T2CSim",14} {"SimSharp 3.4.2",15} {"ratio",7} {"T2CSim per CPU s",17} {"GCs/run (0/1/2)",16}");
        foreach (var workload in KernelWorkload.All)
        {
            if (only is not null && !workload.Name.Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
            workload.Run(true); // warm up: let the JIT reach its optimised tier first
            var rates = new double[runs];
            var cpuRates = new double[runs];
            var collectionsBefore = Collections();
            for (int r = 0; r < runs; r++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var measurement = workload.Run(quick);
                rates[r] = measurement.PerSecond;
                cpuRates[r] = measurement.PerCpuSecond;
            }
            // Collections during the measured runs, minus the GC.Collect() before each run (counted
            // in every generation): tells whether the garbage collector is part of the cost.
            var collections = Collections();
            var perRun = Enumerable.Range(0, 3).Select(g => (collections[g] - collectionsBefore[g] - runs) / (double)runs);
            double median = Median(rates);
            Console.WriteLine($"{workload.Name,-26} {workload.Unit,-12} {median,14:N0} {workload.SimSharpPerSecond,15:N0} {median / workload.SimSharpPerSecond,6:0.00}x {Median(cpuRates),17:N0} {string.Join('/', perRun.Select(c => c.ToString("0.#"))),16}");
        }
    }

    private static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
