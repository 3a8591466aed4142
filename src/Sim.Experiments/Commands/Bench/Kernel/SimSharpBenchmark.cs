namespace T2CSim.Experiments.Commands.Bench.Kernel;

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using T2CSim.Core;

/// <summary>
/// SimSharp's own benchmark program (src/Benchmark of SimSharp 3.4.2), built by the user from
/// SimSharp's source (docs/kernel.md says how; it is never part of this repository), run as a child
/// process so that `t2c bench kernel --simsharp PATH` compares both kernels in the same sitting.
/// </summary>
internal sealed class SimSharpBenchmark
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);
    private readonly string _dll;

    private SimSharpBenchmark(string dll) => _dll = dll;

    /// <summary>PATH is Benchmark.dll itself or the folder it was built into.</summary>
    public static SimSharpBenchmark Locate(string path)
    {
        string dll = Directory.Exists(path) ? Path.Combine(path, "Benchmark.dll") : path;
        if (!File.Exists(dll))
            throw new UserInputException(path, "--simsharp", "no SimSharp Benchmark.dll there (build it as docs/kernel.md says, then give its path or its folder)");
        return new SimSharpBenchmark(Path.GetFullPath(dll));
    }

    /// <summary>`synthetic -t seconds -r 1`: the five timeout rows, process creation, seize and release.</summary>
    public SimSharpSynthetic RunSynthetic(double seconds) =>
        SimSharpOutput.ParseSynthetic(Run("synthetic", "-t", seconds.ToString("R", CultureInfo.InvariantCulture), "-r", "1"), _dll);

    /// <summary>`machineshop`: events per second of ten simulated years.</summary>
    public double RunMachineShop() => SimSharpOutput.ParseMachineShop(Run("machineshop"), _dll);

    private string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, // the synthetic benchmark ends with Console.ReadLine()
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(_dll);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        // Its figures are formatted with the current culture: ask for the invariant one to read them.
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        using var process = Process.Start(start) ?? throw new UserInputException(_dll, "--simsharp", "could not start `dotnet` for it");
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new UserInputException(_dll, "--simsharp", $"`{string.Join(' ', arguments)}` ran longer than {Limit.TotalMinutes} minutes and was stopped");
        }
        if (process.ExitCode != 0)
            throw new UserInputException(_dll, "--simsharp", $"`{string.Join(' ', arguments)}` exited with {process.ExitCode}: {FirstLine(error.Result)}");
        return output.Result;
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "no message";
}

/// <summary>
/// What SimSharp's synthetic benchmark printed, and each timeout row's own rate.
/// <para>
/// SimSharp's benchmark does not reset its sums between the timeout rows (SyntheticBenchmark.cs:
/// <c>sumTime</c> and <c>sumPerf</c> are set to 0 once, before the loop over n), so the figure it
/// prints for n = 10 is the rate of the n = 1 and n = 10 runs together, and the one for n = 10,000
/// that of all five. With one repetition each row runs for the same wall time t (its timer stops
/// it), so after k rows the sums are k t and the entities of all k rows, and row k's own rate is
/// k R_k - (k - 1) R_(k-1), R_k the printed figures. Those are the rates compared here; the printed
/// ones are shown too. Process creation and seize-and-release reset their sums and need no correction.
/// </para>
/// </summary>
internal sealed record SimSharpSynthetic(IReadOnlyList<(int N, double Printed, double PerRow)> Timeouts, double ProcessCreation, double SeizeRelease)
{
    public double TimeoutsPerRow(int n) => Timeouts.Single(t => t.N == n).PerRow;
    public double TimeoutsPrinted(int n) => Timeouts.Single(t => t.N == n).Printed;
}

internal static partial class SimSharpOutput
{
    [GeneratedRegex(@"^Benchmark 1 \(n =\s*([\d,]+)\):.*\(\s*([\d,.]+) entities / s\)", RegexOptions.Multiline)]
    private static partial Regex TimeoutRow();

    [GeneratedRegex(@"^Benchmark ([23]):.*\(\s*([\d,.]+) entities / s\)", RegexOptions.Multiline)]
    private static partial Regex OtherRow();

    [GeneratedRegex(@"Processed ([\d,]+) events in ([\d.]+) seconds \(([\d,.]+) events/s\)")]
    private static partial Regex MachineShopLine();

    public static SimSharpSynthetic ParseSynthetic(string text, string source)
    {
        var printed = TimeoutRow().Matches(text).Select(m => (N: (int)Number(m.Groups[1].Value), Rate: Number(m.Groups[2].Value))).ToList();
        var others = OtherRow().Matches(text).ToDictionary(m => m.Groups[1].Value, m => Number(m.Groups[2].Value));
        if (printed.Count == 0 || !others.ContainsKey("2") || !others.ContainsKey("3"))
            throw new UserInputException(source, "--simsharp", "its output has no \"Benchmark 1/2/3 ... entities / s\" lines: is it SimSharp 3.4's Benchmark?");
        var rows = new List<(int, double, double)>();
        for (int k = 1; k <= printed.Count; k++)
        {
            double rate = printed[k - 1].Rate, before = k == 1 ? 0 : printed[k - 2].Rate;
            rows.Add((printed[k - 1].N, rate, k * rate - (k - 1) * before));
        }
        return new SimSharpSynthetic(rows, others["2"], others["3"]);
    }

    public static double ParseMachineShop(string text, string source)
    {
        var m = MachineShopLine().Match(text);
        if (!m.Success) throw new UserInputException(source, "--simsharp", "its machineshop output has no \"Processed N events in S seconds (R events/s)\" line");
        return Number(m.Groups[3].Value);
    }

    private static double Number(string text) => double.Parse(text.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture);
}
