namespace T2CSim.Tests.Core.Running;

using T2CSim.Core.Controller;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Tests.Core.Support;

/// <summary>
/// Failure as a scenario event in the simulator: every model can only run on the cloud (the device
/// and the edge have no slots), so cutting the chain anywhere up to the cloud ends every deployment.
/// The cloud computes at 1/20 of its table (a job takes about a quarter second), so jobs are in
/// flight when the cut comes. Requirements every exit meets (accuracy 0.5..0.6, latency 5 s), and
/// a queue timeout of 2 s: what waits out the outage expires.
/// </summary>
public sealed class OutageTests
{
    private const double DownAtS = 20, ForS = 10;

    private static string Yaml(string outage) => $$"""
        name: outage
        seed: 7
        duration_s: 60
        repeats: 1
        topology:
          tiers:
            - {name: device, slots: 0, cores: 1}
            - {name: edge, slots: 0, cores: 1}
            - {name: cloud, slots: 4, cores: 4, speed: 0.05}
          links:
            - {name: sensor_device, capacity_mbps: 100, latency_ms: 1}
            - {name: device_edge, capacity_mbps: 100, latency_ms: 1}
            - {name: edge_cloud, capacity_mbps: 100, latency_ms: 1}
        models:
          - name: duo
            table: tables/duo.csv
        workload:
          profile: ramp.csv
          start_hour: 3
          multiplier: 50
          accuracy: {distribution: uniform, low: 0.5, high: 0.6}
          latency_s: {distribution: choice, values: [5]}
        controller:
          aggregation_period_s: 1
          queue_timeout_s: 2
          deployment_time_s: 0.5
        compute_noise: 0
        events:
          - {{outage}}
        """;

    private static ExperimentResult Run(string outage)
    {
        using var folder = new ScenarioFolder(Yaml(outage));
        return Experiment.Run(ScenarioLoader.Load(folder.ScenarioPath), "T2C_MH");
    }

    private static ExperimentResult CloudDown() => Run($"{{at_s: {DownAtS}, kind: tier_down, tier: cloud, for_s: {ForS}}}");

    [Test]
    public void Requests_arriving_while_the_cloud_is_down_are_unserved_and_served_again_after()
    {
        var result = CloudDown();
        var requests = result.Log.Requests;
        TestContext.Progress.WriteLine(string.Join(", ", requests.GroupBy(r => (r.Outcome, r.Reason)).Select(g => $"{g.Key} {g.Count()}")));

        // Nothing can run during the outage; a request waits at most 2 s, so all arriving until 3 s
        // before the cloud is back expire in the queue.
        var during = requests.Where(r => r.Request.ArrivalS >= DownAtS && r.Request.ArrivalS < DownAtS + ForS - 3).ToList();
        Assert.That(during, Is.Not.Empty);
        Assert.That(during.Select(r => (r.Outcome, r.Reason)), Is.All.EqualTo((RequestOutcome.Unserved, "expired in queue")));

        // Back at 30 s: planned at the next aggregation (1 s), deployed in 0.5 s: served from 33 s on.
        var after = requests.Where(r => r.Request.ArrivalS >= DownAtS + ForS + 3 && r.Request.ArrivalS < 55).ToList();
        Assert.That(after, Is.Not.Empty);
        Assert.That(after.Select(r => r.Outcome), Is.All.EqualTo(RequestOutcome.Served));

        // Served before the cut too.
        Assert.That(requests.Where(r => r.Request.ArrivalS is >= 3 and < DownAtS - 1 && r.Outcome == RequestOutcome.Served).Count(), Is.GreaterThan(0));

        var events = result.Log.Events;
        Assert.That(events.Where(e => e.Kind is "tier-lost" or "tier-restored").Select(e => (e.TimeS, e.Kind, e.Detail)),
            Is.EqualTo(new[] { (DownAtS, "tier-lost", "cloud"), (DownAtS + ForS, "tier-restored", "cloud") }));
        Assert.That(events.Single(e => e.Kind == "outage").Detail, Is.EqualTo("tier cloud down for 10 s"));
    }

    [Test]
    public void Jobs_in_flight_at_the_cut_are_lost_counted_and_never_complete()
    {
        // Cut the cloud in the middle of a job: the first one after 15 s in the run without outage.
        var job = Run(NoOutage).Log.Requests.First(r => r.StartedS > 15 && r.Outcome == RequestOutcome.Served);
        double cutS = (job.StartedS + job.CompletedS) / 2;
        var result = Run(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{{at_s: {cutS:R}, kind: tier_down, tier: cloud, for_s: {ForS}}}"));

        var lost = result.Log.Requests.Where(r => r.Reason == "lost with its agent").ToList();
        Assert.That(lost.Select(r => r.Request.Id), Does.Contain(job.Request.Id), "the job computing at the cut is lost");
        Assert.That(lost.Select(r => r.Outcome), Is.All.EqualTo(RequestOutcome.Unserved));
        Assert.That(lost.Select(r => r.StartedS), Is.All.LessThanOrEqualTo(cutS), "lost jobs started before the cut");
        // A job cut off does not finish later: nothing started before the cut completes after it.
        Assert.That(result.Log.Requests.Where(r => r.StartedS < cutS && r.CompletedS >= cutS), Is.Empty);

        var s = result.Summary;
        Assert.That(s.UnservedLost, Is.EqualTo(lost.Count));
        Assert.That(s.Served + s.MissedLatency + s.MissedAccuracy + s.UnservedQueued + s.UnservedUnfinished + s.UnservedLost, Is.EqualTo(s.Arrived),
            "every arrived request ends in exactly one outcome");
        Assert.That(s.Arrived, Is.EqualTo(result.Log.Requests.Count));
    }

    /// <summary>An event that changes nothing (capacity factor 1), for the runs without outage.</summary>
    private const string NoOutage = "{at_s: 59.9, link: device_edge, capacity_factor: 1}";

    [Test]
    public void A_link_or_a_tier_on_the_way_down_cuts_the_cloud_off_alike()
    {
        // The edge only passes the frames through, and the edge-cloud link carries them: either down
        // cuts the chain before the cloud, so every request ends as with the cloud down.
        static string[] Outcomes(ExperimentResult r) => r.Log.Requests.Select(q => $"{q.Request.Id} {q.Outcome} {q.Reason} {q.CompletedS}").ToArray();
        var cloud = Outcomes(CloudDown());
        Assert.That(Outcomes(Run($"{{at_s: {DownAtS}, kind: link_down, link: edge_cloud, for_s: {ForS}}}")), Is.EqualTo(cloud));
        Assert.That(Outcomes(Run($"{{at_s: {DownAtS}, kind: tier_down, tier: edge, for_s: {ForS}}}")), Is.EqualTo(cloud));
    }

    [Test]
    public void Before_an_outage_the_run_is_as_without_it()
    {
        // The outage's checks cost nothing until it happens: same requests, same times up to it
        // (the other run's only event, a capacity factor of 1, changes nothing).
        var none = Run("{at_s: 59.5, kind: tier_down, tier: device, for_s: 10}");
        var baseline = Run(NoOutage);
        Assert.That(none.Log.Requests.Where(r => r.CompletedS < 59.5).Select(r => (r.Request.Id, r.Outcome, r.CompletedS)),
            Is.EqualTo(baseline.Log.Requests.Where(r => r.CompletedS < 59.5).Select(r => (r.Request.Id, r.Outcome, r.CompletedS))),
            "before an outage the run is the same as without it");
    }

    [Test]
    public void Outage_fields_are_checked()
    {
        Assert.That(Refused("{at_s: 20, kind: tier_down, tier: fog, for_s: 10}"), Is.EqualTo("events.0.tier: no tier named 'fog' (tiers: device, edge, cloud)"));
        Assert.That(Refused("{at_s: 20, kind: tier_down, tier: cloud, for_s: -1}"), Is.EqualTo("events.0.for_s: -1: an outage lasts a positive time (omit for_s to stay down to the end)"));
        Assert.That(Refused("{at_s: 20, kind: tier_down, tier: cloud, for_s: 0}"), Does.StartWith("events.0.for_s: 0: "));
        Assert.That(Refused("{at_s: 20, kind: link_down, link: wifi, for_s: 1}"), Does.StartWith("events.0.link: no link named 'wifi'"));
        Assert.That(Refused("{at_s: 20, kind: crash, tier: cloud}"), Is.EqualTo("events.0.kind: 'crash' is not an event kind (kinds: link, tier_down, link_down)"));
        Assert.That(Refused("{at_s: 20, kind: tier_down, tier: cloud, capacity_factor: 0.5}"), Is.EqualTo("events.0.capacity_factor: a tier_down event does not take it"));
        Assert.That(Refused("{at_s: 20, link: edge_cloud, capacity_factor: 0.5, for_s: 3}"), Is.EqualTo("events.0.for_s: only an outage (kind: tier_down or link_down) has it"));
        Assert.That(Refused("{at_s: -1, kind: tier_down, tier: cloud}"), Does.StartWith("events.0.at_s: -1: "));
    }

    [Test]
    public void An_outage_without_an_end_lasts_to_the_end_of_the_run()
    {
        using var folder = new ScenarioFolder(Yaml("{at_s: 20, kind: tier_down, tier: cloud}"));
        var e = (Outage)ScenarioLoader.Load(folder.ScenarioPath).Events.Single();
        Assert.That((e.AtS, e.Target, e.Name, e.Index, e.ForS), Is.EqualTo((20.0, OutageTarget.Tier, "cloud", 2, (double?)null)));
        var result = Experiment.Run(ScenarioLoader.Load(folder.ScenarioPath), "T2C_MH");
        Assert.That(result.Log.Events.Where(x => x.Kind == "tier-restored"), Is.Empty);
        Assert.That(result.Log.Requests.Where(r => r.Request.ArrivalS > DownAtS).Select(r => r.Outcome), Is.All.EqualTo(RequestOutcome.Unserved));
    }

    private static string Refused(string outage)
    {
        using var folder = new ScenarioFolder(Yaml(outage));
        var e = Assert.Throws<T2CSim.Core.UserInputException>(() => ScenarioLoader.Load(folder.ScenarioPath))!;
        Assert.That(e.Message, Does.Not.Contain('\n'), "one line");
        Assert.That(e.Message, Does.StartWith(folder.ScenarioPath + ": "), "names the scenario file");
        return e.Message[(folder.ScenarioPath.Length + 2)..];
    }
}
