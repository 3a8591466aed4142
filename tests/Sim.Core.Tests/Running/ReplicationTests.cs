namespace T2CSim.Tests.Core.Running;

using T2CSim.Core;
using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Randomness;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;

/// <summary>
/// Replications of a simulated run (SimulationOptions.Replication; docs/validation.md, "The simulated side
/// as an estimate"): they share the run's arrivals, draw the execution apart (compute noise, the testbed's
/// stage spread), replication 0 is the plain run, and each replication is deterministic.
/// </summary>
public class ReplicationTests
{
    // v1 of the validation suite (its testbed description: the stage spread) and a thesis scenario (the
    // scenario's compute noise, the ideal world).
    private static readonly string[] Scenarios =
    [
        ProjectPaths.InRoot("scenarios", "validation", "v1-light-all-tiers.yaml"),
        ProjectPaths.InRoot("scenarios", "thesis-operation.yaml"),
    ];

    private static Scenario Load(string file) => ScenarioLoader.Load(file, ["duration_s=30"]);

    private static List<(Request Request, RequestOutcome Outcome, double LatencyS)> Requests(ExperimentResult run) =>
        run.Log.Requests.Select(r => (r.Request, r.Outcome, r.Ran ? r.LatencyS : double.NaN)).ToList();

    [TestCaseSource(nameof(Scenarios))]
    public void Replication_zero_is_the_plain_run(string file)
    {
        var s = Load(file);
        var plain = Experiment.Run(s, "T2C_MHE");
        var zero = Experiment.Run(s, "T2C_MHE", replication: 0);
        Assert.That(Requests(zero), Is.EqualTo(Requests(plain)));
        // The summary field by field (its arrays by their values).
        Assert.That(zero.Summary with { LinkMbps = plain.Summary.LinkMbps, Extra = plain.Summary.Extra }, Is.EqualTo(plain.Summary));
        Assert.That(zero.Summary.LinkMbps, Is.EqualTo(plain.Summary.LinkMbps));
    }

    [TestCaseSource(nameof(Scenarios))]
    public void Replications_share_the_arrivals_and_differ_in_their_execution_draws(string file)
    {
        var s = Load(file);
        var zero = Requests(Experiment.Run(s, "T2C_MHE"));
        var one = Requests(Experiment.Run(s, "T2C_MHE", replication: 1));
        var two = Requests(Experiment.Run(s, "T2C_MHE", replication: 2));
        Assert.That(zero, Is.Not.Empty);
        Assert.That(one.Select(r => r.Request), Is.EqualTo(zero.Select(r => r.Request)), "the same requests arrive at the same times");
        Assert.That(two.Select(r => r.Request), Is.EqualTo(zero.Select(r => r.Request)));
        // Each replication's execution is its own: most requests that ran in both take a different time.
        int ranInBoth = zero.Zip(one).Count(p => double.IsFinite(p.First.LatencyS) && double.IsFinite(p.Second.LatencyS));
        int differ = zero.Zip(one).Count(p => double.IsFinite(p.First.LatencyS) && double.IsFinite(p.Second.LatencyS) && p.First.LatencyS != p.Second.LatencyS);
        Assert.That(differ, Is.GreaterThan(ranInBoth / 2), $"{differ} of {ranInBoth} latencies differ between replications 0 and 1");
        Assert.That(one.Select(r => r.LatencyS), Is.Not.EqualTo(two.Select(r => r.LatencyS)));
    }

    [Test]
    public void A_replication_is_deterministic()
    {
        var s = Load(Scenarios[0]);
        Assert.That(Requests(Experiment.Run(s, "T2C_MHE", replication: 3)), Is.EqualTo(Requests(Experiment.Run(s, "T2C_MHE", replication: 3))));
    }

    [Test]
    public void Replication_zero_draws_from_the_streams_own_purpose_and_the_others_from_their_own()
    {
        Assert.That(RandomStreams.Replicated("noise:edge", 0), Is.EqualTo("noise:edge"));
        Assert.That(RandomStreams.Replicated("noise:edge", 2), Is.EqualTo("noise:edge#replication 2"));
        var streams = new RandomStreams(7);
        Assert.That(streams.Stream(RandomStreams.Replicated("noise:edge", 1)).NextDouble(), Is.Not.EqualTo(new RandomStreams(7).Stream("noise:edge").NextDouble()));
    }
}
