namespace T2CSim.Tests.Experiments.Commands;

using T2CSim.Core;
using T2CSim.Core.Workload.Places;
using T2CSim.Experiments.Commands;

/// <summary>`t2c sites` writes the sites KMeansSites derives, headed by the command that made them.</summary>
[NonParallelizable]
public sealed class SitesCommandTests
{
    [Test]
    public void WritesTheDerivedSitesWithTheirCommand()
    {
        string dir = Path.Combine(Path.GetTempPath(), "t2c-sites-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            string trace = Path.Combine(ProjectPaths.SharedTraces, "nyc-311-2024-05-sample.csv");
            string output = Path.Combine(dir, "nyc-sites-5.csv");
            Assert.That(new SitesCommand().Build().Parse([trace, "--count", "5", "--seed", "3", "--out", output]).Invoke(), Is.Zero);
            var points = TraceCoordinateReader.Read(trace).Points.Select(p => p.Location).ToArray();
            Assert.That(SiteFile.Read(output), Is.EqualTo(KMeansSites.Derive(points, 5, seed: 3).Sites));
            Assert.That(File.ReadLines(output).First(), Is.EqualTo($"# derived-by: t2c sites {trace} --count 5 --seed 3 --out {output}"));
            // Bad counts are user errors naming the option (t2c prints them as one line), not crashes.
            Assert.That(CliError.Of(new SitesCommand().Build(), trace, "--count", "0"), Does.Contain("--count").And.Contain("at least one site"));
            Assert.That(CliError.Of(new SitesCommand().Build(), trace, "--count", "788"), Does.Contain("--count").And.Contain("787 distinct"), "more sites than the 787 distinct places");
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
