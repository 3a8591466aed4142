namespace T2CSim.Tests.Experiments.Commands;

using T2CSim.Experiments.Commands;
using T2CSim.Tests.Experiments.Support;

/// <summary>`t2c run` in-process: the same scenario and seed give the same bytes; another seed does not.</summary>
[Category("Slow")]
public sealed class RunCommandTests
{
    private static void Run(string scenario, long seed, string dir)
    {
        int status = new RunCommand().Build()
            .Parse(["--scenario", scenario, "--algorithm", "T2C_MHER", "--multiplier", "30", "--seed", seed.ToString(), "--out", dir])
            .Invoke();
        Assert.That(status, Is.Zero);
    }

    [Test]
    public void SameSeedGivesByteIdenticalRequests()
    {
        using var fixture = new SweepFixture();
        string a = fixture.Output("a"), b = fixture.Output("b"), c = fixture.Output("c");
        Run(fixture.ScenarioPath, 11, a);
        Run(fixture.ScenarioPath, 11, b);
        Run(fixture.ScenarioPath, 12, c);
        var first = File.ReadAllBytes(Path.Combine(a, "requests.csv"));
        Assert.That(File.ReadAllLines(Path.Combine(a, "requests.csv")), Has.Length.GreaterThan(5), "enough requests to compare");
        Assert.That(File.ReadAllBytes(Path.Combine(b, "requests.csv")), Is.EqualTo(first));
        Assert.That(File.ReadAllBytes(Path.Combine(b, "timeline.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(a, "timeline.csv"))));
        Assert.That(File.ReadAllBytes(Path.Combine(c, "requests.csv")), Is.Not.EqualTo(first), "the seed must matter, or the comparison proves nothing");
    }
}
