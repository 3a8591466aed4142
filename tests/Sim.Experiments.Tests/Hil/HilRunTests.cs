namespace T2CSim.Tests.Experiments.Hil;

using T2CSim.Core;
using T2CSim.Core.Controller;
using T2CSim.Core.Scenarios;
using T2CSim.Experiments.Results;
using T2CSim.Hardware.Hil;

/// <summary>
/// Short runs of the real controller on the loopback testbed: requests are served and written to the
/// same files as a simulated run; an agent killed mid-run is noticed and its requests are accounted for.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class HilRunTests
{
    private static Scenario Smoke(double durationS) =>
        ScenarioLoader.Load(Path.Combine(ProjectPaths.Root!, "scenarios", "hil-smoke.yaml"),
            [$"duration_s={durationS.ToString(System.Globalization.CultureInfo.InvariantCulture)}"]);

    private static HilOptions Options(params (double, string)[] kills) => new()
    {
        Agent = AgentTrio.AgentCommand,
        CpuQuotas = false,
        AgentTimeoutS = 1.5,
        StatusPeriodS = 0.25,
        Kills = kills,
        Log = TestContext.Progress.WriteLine,
    };

    private static void AssertConservation(T2CSim.Core.Metrics.RunSummary s, RunLog log)
    {
        Assert.That(s.Arrived, Is.EqualTo(log.Requests.Count));
        Assert.That(s.Served + s.Missed + s.Unserved, Is.EqualTo(s.Arrived), "arrived = served + missed + unserved");
    }

    [Test]
    public void A_short_run_serves_requests_and_writes_the_run_files()
    {
        var result = HilRunner.Run(Smoke(7), "T2C_MH", Options());
        var s = result.Summary;
        Assert.That(s.Arrived, Is.GreaterThan(10));
        Assert.That(s.Served + s.Missed, Is.GreaterThan(0), "some requests ran to a result");
        Assert.That(result.Log.Requests.Where(r => r.Ran).All(r => r.LatencyS > 0), Is.True);
        Assert.That(s.ControlBytes, Is.GreaterThan(0));
        AssertConservation(s, result.Log);
        // The testbed emulates the scenario's container launch (hil-smoke: 0.3 s) as the simulator waits it; the agents alone take milliseconds.
        var ready = result.Log.Deployments.Where(d => !double.IsNaN(d.ReadyAtS)).ToList();
        Assert.That(ready, Is.Not.Empty);
        Assert.That(ready.Min(d => d.ReadyAtS - d.PlannedAtS), Is.GreaterThanOrEqualTo(Smoke(7).Controller.DeploymentTimeS - 1e-9));

        string dir = Path.Combine(Path.GetTempPath(), $"t2c-hil-{Environment.ProcessId}");
        try
        {
            RunFiles.Write(dir, result.Log, result.Timeline, result.Summary, result.Timing);
            foreach (var f in new[] { "requests.csv", "timeline.csv", "summary.csv", "timing.csv" })
                Assert.That(File.Exists(Path.Combine(dir, f)), Is.True, f);
            Assert.That(File.ReadAllLines(Path.Combine(dir, "requests.csv")).Length, Is.EqualTo(s.Arrived + 1));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void An_agent_killed_mid_run_is_noticed_and_its_requests_are_accounted_for()
    {
        var result = HilRunner.Run(Smoke(8), "T2C_MH", Options((3.0, "cloud")));
        var lost = result.Log.Events.Where(e => e.Kind == "tier-lost").ToList();
        Assert.That(lost, Has.Count.EqualTo(1));
        Assert.That(lost[0].Detail, Is.EqualTo("cloud"));
        // Noticed within the timeout (plus the watch's quarter-second tick and some scheduling slack).
        Assert.That(lost[0].TimeS, Is.InRange(3.0, 3.0 + 1.5 + 1.5));
        AssertConservation(result.Summary, result.Log);
        // Nothing is left silently running on the lost tier's deployments.
        foreach (var r in result.Log.Requests.Where(r => r.Reason == "lost with its agent"))
            Assert.That(r.Outcome, Is.EqualTo(RequestOutcome.Unserved));
    }
}
