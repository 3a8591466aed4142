namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;
using System.Globalization;
using System.Runtime;
using T2CSim.Core;
using T2CSim.Experiments.Commands.Bench.Kernel;

/// <summary>
/// `t2c bench kernel`: the simulation kernel on SimSharp 3.4's synthetic benchmark and machine-shop
/// workloads, on one thread. With `--simsharp PATH` it runs SimSharp's own benchmark program too, in
/// rounds alternating with ours, and prints measured ratios; without, it prints SimSharp's figures
/// as references, with the date they were measured.
/// </summary>
public sealed class KernelBenchCommand : IBenchSubcommand
{
    public Command Build()
    {
        var runs = new Option<int>("--runs") { Description = "Measured runs per workload (the median is shown); per round with --simsharp.", DefaultValueFactory = _ => 5 };
        var quick = new Option<bool>("--quick") { Description = "Small workloads: a smoke run, not a measurement." };
        var only = new Option<string?>("--only") { Description = "Run only the workloads whose name contains this text (e.g. \"10,000\" or \"machine\")." };
        var simsharp = new Option<string?>("--simsharp") { Description = "SimSharp's Benchmark.dll (or its folder), built from SimSharp's source as docs/kernel.md says: run it in the same sitting." };
        var rounds = new Option<int>("--rounds") { Description = "With --simsharp: rounds of ours then SimSharp's (medians over rounds).", DefaultValueFactory = _ => 3 };
        var seconds = new Option<double>("--simsharp-seconds") { Description = "With --simsharp: wall seconds per row of SimSharp's synthetic benchmark (its -t).", DefaultValueFactory = _ => 3 };
        var command = new Command("kernel", "Events per second of the simulation kernel against SimSharp 3.4.2.") { runs, quick, only, simsharp, rounds, seconds };
        command.SetAction(parse =>
        {
            if (parse.GetValue(runs) < 1) throw new UserInputException(null, "--runs", "must be at least 1");
            if (parse.GetValue(rounds) < 1) throw new UserInputException(null, "--rounds", "must be at least 1");
            if (!(parse.GetValue(seconds) is > 0 and <= 600)) throw new UserInputException(null, "--simsharp-seconds", "must lie in (0, 600]");
            var workloads = KernelWorkload.All.Where(w => parse.GetValue(only) is not { } text || w.Name.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
            if (parse.GetValue(simsharp) is { } path)
                SideBySide(workloads, SimSharpBenchmark.Locate(path), parse.GetValue(runs), parse.GetValue(rounds), parse.GetValue(seconds), parse.GetValue(quick));
            else
                AgainstReferences(workloads, parse.GetValue(runs), parse.GetValue(quick));
        });
        return command;
    }

    private static void Header(int runs, bool quick)
    {
        Console.WriteLine($"t2c bench kernel: median of {runs} run(s){(quick ? ", quick sizes" : "")}, one thread, " +
                          $".NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; load average {LoadAverage()}");
        Console.WriteLine("T2CSim = median wall-clock rate (Stopwatch); per CPU s = median rate per second of CPU time used,");
        Console.WriteLine("which stays comparable when other work shares the machine.");
    }

    private static void AgainstReferences(List<KernelWorkload> workloads, int runs, bool quick)
    {
        Header(runs, quick);
        Console.WriteLine($"SimSharp = REFERENCE figures, not measured now: {SimSharpReference.MeasuredOn}, {SimSharpReference.Conditions}.");
        Console.WriteLine("Timeout rows: the row's own rate (SimSharp prints running averages over the rows; its printed figure in brackets).");
        Console.WriteLine("Measure both in one sitting with --simsharp PATH (docs/kernel.md).");
        Console.WriteLine();
        Console.WriteLine($"{"workload",-26} {"unit",-12} {"T2CSim",14} {"SimSharp ref.",14} {"(printed)",12} {"ratio",7} {"T2CSim per CPU s",17} {"GCs/run (0/1/2)",16}");
        foreach (var workload in workloads)
        {
            var m = Measure(workload, runs, quick);
            var r = workload.Reference;
            Console.WriteLine($"{workload.Name,-26} {workload.Unit,-12} {m.Rate,14:N0} {r.PerRow,14:N0} {"(" + r.Printed.ToString("N0", CultureInfo.InvariantCulture) + ")",12} {m.Rate / r.PerRow,6:0.00}x {m.CpuRate,17:N0} {m.Collections,16}");
        }
    }

    /// <summary>
    /// Rounds of (ours, then SimSharp's program), so that both see the same machine: the medians
    /// over the rounds, and the ratio's range over the rounds.
    /// </summary>
    private static void SideBySide(List<KernelWorkload> workloads, SimSharpBenchmark simsharp, int runs, int rounds, double seconds, bool quick)
    {
        Header(runs, quick);
        Console.WriteLine($"SimSharp = its own Benchmark program, measured now: `synthetic -t {seconds.ToString(CultureInfo.InvariantCulture)} -r 1` and `machineshop`, " +
                          $"{rounds} round(s) alternating with ours; medians over the rounds.");
        Console.WriteLine("Timeout rows: the row's own rate (SimSharp prints running averages over the rows; its printed figure in brackets).");
        var ours = workloads.ToDictionary(w => w, _ => new List<Result>());
        var theirs = workloads.ToDictionary(w => w, _ => new List<double>());
        var printed = workloads.ToDictionary(w => w, _ => new List<double>());
        bool needsSynthetic = workloads.Any(w => !w.Name.StartsWith("machine", StringComparison.Ordinal));
        bool needsShop = workloads.Any(w => w.Name.StartsWith("machine", StringComparison.Ordinal));
        for (int round = 1; round <= rounds; round++)
        {
            foreach (var w in workloads) ours[w].Add(Measure(w, runs, quick));
            var synthetic = needsSynthetic ? simsharp.RunSynthetic(seconds) : null;
            double shop = needsShop ? simsharp.RunMachineShop() : double.NaN;
            var result = new SimSharpRound(synthetic!, shop);
            foreach (var w in workloads)
            {
                theirs[w].Add(w.FromSimSharp(result));
                printed[w].Add(w.PrintedBySimSharp(result));
            }
            Console.WriteLine($"round {round} of {rounds} done; load average {LoadAverage()}");
        }
        Console.WriteLine();
        Console.WriteLine($"{"workload",-26} {"unit",-12} {"T2CSim",14} {"SimSharp",14} {"(printed)",12} {"ratio",7} {"ratio range",13} {"T2CSim per CPU s",17}");
        foreach (var w in workloads)
        {
            double mine = Median(ours[w].Select(r => r.Rate)), other = Median(theirs[w]);
            var ratios = ours[w].Zip(theirs[w], (a, b) => a.Rate / b).ToList();
            string range = string.Create(CultureInfo.InvariantCulture, $"{ratios.Min():0.00}-{ratios.Max():0.00}x");
            Console.WriteLine($"{w.Name,-26} {w.Unit,-12} {mine,14:N0} {other,14:N0} {"(" + Median(printed[w]).ToString("N0", CultureInfo.InvariantCulture) + ")",12} {mine / other,6:0.00}x {range,13} {Median(ours[w].Select(r => r.CpuRate)),17:N0}");
        }
    }

    private sealed record Result(double Rate, double CpuRate, string Collections);

    private static Result Measure(KernelWorkload workload, int runs, bool quick)
    {
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
        return new Result(Median(rates), Median(cpuRates), string.Join('/', perRun.Select(c => c.ToString("0.#", CultureInfo.InvariantCulture))));
    }

    private static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }
}
