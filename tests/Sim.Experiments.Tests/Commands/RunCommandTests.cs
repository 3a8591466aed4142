namespace T2CSim.Tests.Experiments.Commands;

using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
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

    [Test]
    public void A_replication_is_the_validation_suites_draw_of_the_same_arrivals()
    {
        // v1 with its testbed description: a replication draws the stages' spread from its own streams.
        string scenario = ProjectPaths.InRoot("scenarios", "validation", "v1-light-all-tiers.yaml");
        using var fixture = new SweepFixture();
        string zero = fixture.Output("r0"), one = fixture.Output("r1");
        foreach (var (k, dir) in new[] { (0, zero), (1, one) })
        {
            int status = new RunCommand().Build()
                .Parse(["--scenario", scenario, "--set", "duration_s=10", "--algorithm", "T2C_MHE", "--replication", k.ToString(), "--out", dir])
                .Invoke();
            Assert.That(status, Is.Zero);
        }
        static string[][] Rows(string dir) => File.ReadAllLines(Path.Combine(dir, "requests.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var a = Rows(zero);
        var b = Rows(one);
        Assert.That(a, Has.Length.GreaterThan(20), "enough requests to compare");
        Assert.That(b.Select(r => r[0] + "," + r[1]), Is.EqualTo(a.Select(r => r[0] + "," + r[1])), "the same requests arrive at the same times");
        Assert.That(File.ReadAllText(Path.Combine(one, "requests.csv")), Is.Not.EqualTo(File.ReadAllText(Path.Combine(zero, "requests.csv"))), "another draw of the execution");
        // What `t2c validate --suite` pools as replication 1 of repeat 0 (SimulatedReplications).
        var s = ScenarioLoader.Load(scenario, ["duration_s=10"]);
        var inSuite = Experiment.Run(s, "T2C_MHE", 0, replication: 1);
        string suite = fixture.Output("suite");
        T2CSim.Experiments.Results.RunFolder.Write(suite, s, inSuite.Log, inSuite.Timeline, inSuite.Summary, inSuite.Timing, inSuite.Nodes);
        Assert.That(File.ReadAllBytes(Path.Combine(one, "requests.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(suite, "requests.csv"))));
    }

    [Test]
    public void A_negative_replication_is_a_one_line_error()
    {
        string message = CliError.Of(new RunCommand().Build(), "--algorithm", "NEU", "--replication", "-1");
        Assert.That(message, Does.Contain("--replication").And.Not.Contain("\n"));
    }
}
