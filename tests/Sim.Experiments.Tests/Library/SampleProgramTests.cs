namespace T2CSim.Tests.Experiments.Library;

using System.Diagnostics;
using T2CSim.Tests.Experiments.Support;

/// <summary>
/// Every sample of samples/ is built (this project references them) and run as its own process, as a
/// researcher would run it; each must exit 0 and print what its README promises. The CustomPlanner
/// sample is also loaded into `t2c run` as a plugin, so a registered name reaches the command line.
/// </summary>
[Category("Slow")]
public sealed class SampleProgramTests
{
    /// <summary>The sample's built assembly: samples/NAME/bin/CONFIGURATION/TFM/NAME.dll, in this test's configuration.</summary>
    private static string SampleAssembly(string name)
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string root = T2CSim.Core.ProjectPaths.RootOrThrow;
        return Path.Combine(root, "samples", name, "bin", tfm.Parent!.Name, tfm.Name, name + ".dll");
    }

    private static (int Exit, string Output) Run(string assembly, params string[] args)
    {
        Assert.That(File.Exists(assembly), Is.True, $"{assembly} was not built");
        var start = new ProcessStartInfo("dotnet", ["exec", assembly, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(entireProcessTree: true); Assert.Fail($"{assembly} did not finish in 5 minutes"); }
        TestContext.Progress.WriteLine(stdout.Result + stderr.Result);
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string[] Row(string output, string first) =>
        output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(cells => cells.Length > 0 && cells[0] == first);

    [Test]
    public void BankQueueMatchesQueueingTheory()
    {
        var (exit, output) = Run(SampleAssembly("BankQueue"));
        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("theory Wq = rho/(mu-lambda) = 4.000 s").And.Contain("OK: within 5 %"));
    }

    [Test]
    public void BurstyArrivalsKeepTheMeanRateAndAreBurstier()
    {
        var (exit, output) = Run(SampleAssembly("BurstyArrivals"));
        Assert.That(exit, Is.Zero, output);
        var poisson = Row(output, "profile-poisson");
        var bursty = Row(output, "on-off");
        double arrivedPoisson = double.Parse(poisson[1]), arrivedBursty = double.Parse(bursty[1]);
        // Same mean rate: the ON/OFF counts are far more variable, so allow 25 % (the dispersion printed says how much).
        Assert.That(arrivedBursty, Is.EqualTo(arrivedPoisson).Within(25).Percent);
        Assert.That(double.Parse(bursty[2]), Is.GreaterThan(3 * double.Parse(poisson[2])));
    }

    [Test]
    public void CustomPlannerIsSweptAgainstT2CMhe()
    {
        var (exit, output) = Run(SampleAssembly("CustomPlanner"));
        Assert.That(exit, Is.Zero, output);
        var lines = output.Split('\n');
        foreach (var algorithm in new[] { "T2C_MHE", "KEEP_RAW" })
            Assert.That(lines.Count(l => l.StartsWith(algorithm + " ", StringComparison.Ordinal)), Is.EqualTo(2), $"{algorithm} at two multipliers");
        Assert.That(output, Does.Contain("OK: every KEEP_RAW deployment runs its first layer on the device"));
    }

    [Test]
    public void CustomPlannerWorksInT2cRunAsAPlugin()
    {
        using var fixture = new SweepFixture();
        string dir = fixture.Output("plugin");
        string t2c = Path.Combine(AppContext.BaseDirectory, "t2c.dll");
        var (exit, output) = Run(t2c, "run", "--plugin", SampleAssembly("CustomPlanner"), "--scenario", fixture.ScenarioPath,
            "--algorithm", "keep_raw", "--multiplier", "4", "--out", dir);
        Assert.That(exit, Is.Zero, output);
        var summary = File.ReadAllLines(Path.Combine(dir, "summary.csv"));
        int algorithm = Array.IndexOf(summary[0].Split(','), "algorithm");
        Assert.That(summary[1].Split(',')[algorithm], Is.EqualTo("KEEP_RAW"));

        var (unknown, message) = Run(t2c, "run", "--scenario", fixture.ScenarioPath, "--algorithm", "KEEP_RAW", "--out", dir);
        Assert.That(unknown, Is.Not.Zero);
        Assert.That(message.Trim(), Does.StartWith("t2c: error: algorithm: unknown algorithm 'KEEP_RAW'; valid names: NEU,").And.Not.Contain("\n"), "without the plugin: one line");
    }
}
