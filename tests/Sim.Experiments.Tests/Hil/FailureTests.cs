namespace T2CSim.Tests.Experiments.Hil;

using T2CSim.Core;
using T2CSim.Core.Controller;
using T2CSim.Core.Scenarios;
using T2CSim.Hardware.Hil;

/// <summary>
/// Faults handled to the end on the loopback testbed: a node that only passes tensors through is
/// killed mid-run; every request gets an outcome with a cause, nothing is routed through the dead
/// node afterwards, and no job stays in flight past its deadline.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class FailureTests
{
    [Test]
    public void A_killed_pass_through_node_leaves_no_request_running_without_a_cause()
    {
        const double duration = 9, killAt = 2.5, deadline = 2, timeout = 1.5;
        var scenario = ScenarioLoader.Load(Path.Combine(ProjectPaths.Root!, "scenarios", "hil-smoke.yaml"), ["duration_s=9"]);
        var result = HilRunner.Run(scenario, "T2C_MH", new HilOptions
        {
            Agent = AgentTrio.AgentCommand,
            CpuQuotas = false,
            AgentTimeoutS = timeout,
            StatusPeriodS = 0.25,
            JobDeadlineS = deadline,
            Kills = [(killAt, "edge")],
            Log = TestContext.Progress.WriteLine,
        });
        var lost = result.Log.Events.Single(e => e.Kind == "tier-lost");
        Assert.That(lost.Detail, Is.EqualTo("edge"));
        var s = result.Summary;
        TestContext.Progress.WriteLine($"edge killed at {killAt} s, lost at {lost.TimeS:0.00} s: arrived {s.Arrived}, served {s.Served}, missed {s.Missed}, unserved {s.Unserved}; " +
            string.Join(", ", result.Log.Requests.GroupBy(r => r.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        Assert.That(s.Served + s.Missed + s.Unserved, Is.EqualTo(s.Arrived));
        foreach (var r in result.Log.Requests)
        {
            // Still running at the end only if it started within the last deadline: any older job was given up with a cause.
            if (r.Reason == "running at end") Assert.That(r.StartedS, Is.GreaterThan(duration - deadline - 0.5), $"request {r.Request.Id} running since {r.StartedS:0.00} s");
            // After the loss nothing starts on a path through the edge: only the device can be reached.
            if (r.StartedS > lost.TimeS) Assert.That(r.Reason, Is.Not.EqualTo("lost with its agent"));
        }
        Assert.That(result.Log.Requests.Count(r => r.StartedS > lost.TimeS), Is.GreaterThan(0), "the device kept serving after the edge was lost");
    }

    [Test, Category("Slow")]
    public void A_tier_outage_stops_the_agent_and_a_new_one_serves_after_it()
    {
        // 30 s: a new agent process takes seconds to load on a busy machine before it registers.
        // The default agent timeout: on a busy machine a shorter one also loses agents that are only slow.
        const double downAt = 2.5, downFor = 3, timeout = 3;
        var smoke = ScenarioLoader.Load(Path.Combine(ProjectPaths.Root!, "scenarios", "hil-smoke.yaml"), ["duration_s=30"]);
        var scenario = smoke with { Events = [new Outage(downAt, OutageTarget.Tier, "edge", 1, downFor)] };
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var result = HilRunner.Run(scenario, "T2C_MH", new HilOptions
        {
            Agent = AgentTrio.AgentCommand,
            CpuQuotas = false,
            AgentTimeoutS = timeout,
            StatusPeriodS = 0.25,
            JobDeadlineS = 2,
            Log = line => { lines.Enqueue(line); TestContext.Progress.WriteLine(line); },
        });
        var events = result.Log.Events;
        var lost = events.First(e => e.Kind == "tier-lost");
        var restored = events.First(e => e.Kind == "tier-restored" && e.Detail == "edge");
        TestContext.Progress.WriteLine($"edge lost at {lost.TimeS:0.00} s, restored at {restored.TimeS:0.00} s; " +
            string.Join(", ", result.Log.Requests.GroupBy(r => r.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
        // The run stops the agent itself: the loss is reported with the outage, not after the liveness timeout.
        var outage = events.Single(e => e.Kind == "outage");
        Assert.That(outage.TimeS, Is.GreaterThanOrEqualTo(downAt));
        Assert.That(lost.Detail, Is.EqualTo("edge"));
        Assert.That(lost.TimeS, Is.GreaterThanOrEqualTo(outage.TimeS));
        Assert.That(lines.First(l => l.Contains("agent edge", StringComparison.Ordinal) && l.EndsWith(": lost", StringComparison.Ordinal)),
            Is.EqualTo("[controller] agent edge stopped by the scenario's outage: lost"), "lost by the outage, not found silent by the watch");
        // Back when the new agent has registered: after the outage's end.
        Assert.That(restored.Detail, Is.EqualTo("edge"));
        Assert.That(restored.TimeS, Is.GreaterThanOrEqualTo(downAt + downFor));
        var s = result.Summary;
        Assert.That(s.Served + s.Missed + s.Unserved, Is.EqualTo(s.Arrived));
        Assert.That(result.Log.Requests.Count(r => r.StartedS > restored.TimeS && r.Ran), Is.GreaterThan(0), "requests run after the edge is back");
    }

    [Test]
    public void A_link_outage_is_refused_on_the_testbed_before_any_agent_starts()
    {
        var smoke = ScenarioLoader.Load(Path.Combine(ProjectPaths.Root!, "scenarios", "hil-smoke.yaml"));
        var scenario = smoke with { Events = [new Outage(1, OutageTarget.Link, "edge_cloud", 2, 1)] };
        var e = Assert.Throws<UserInputException>(() => HilRunner.Run(scenario, "T2C_MH", new HilOptions { Agent = AgentTrio.AgentCommand, Log = _ => { } }))!;
        Assert.That(e.Message, Does.StartWith($"{scenario.SourcePath}: events.0.kind: link_down is simulated only"));
    }

    [Test]
    public void A_killed_agent_leaves_no_cpu_group_behind()
    {
        if (!T2CSim.Hardware.Profiling.CpuQuotaCgroup.Available()) Assert.Ignore("no writable cgroup v1 cpu controller here");
        var agent = new AgentProcess("device", AgentTrio.AgentCommand,
            ["--tier", "device", "--control", "tcp://127.0.0.1:9", "--data-bind", "tcp://127.0.0.1:*", "--insecure",
             "--cpu-share", "0.5", "--parent-pid", Environment.ProcessId.ToString()], TestContext.Progress.WriteLine);
        string group = Path.Combine(T2CSim.Hardware.Profiling.CpuQuotaCgroup.DefaultRoot, $"{T2CSim.Hardware.Agent.AgentCgroup.Prefix}device-{agent.Id}");
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!Directory.Exists(group) && DateTime.UtcNow < until && !agent.HasExited) Thread.Sleep(50);
        Assert.That(Directory.Exists(group), Is.True, "the agent made its group");
        agent.Kill(); // kill -9: the agent cannot clean up
        agent.Dispose();
        Assert.That(Directory.Exists(group), Is.False, "the runner removed the killed agent's group");
    }

    [Test]
    public void A_lost_agent_that_comes_back_registers_again_and_carries_jobs()
    {
        using var trio = new AgentTrio();
        var tasks = new[] { new T2CSim.Hardware.Transport.TaskExit("smile", 0) };
        // Cuts (1,1): the device computes one position, the edge passes through, the cloud computes the rest.
        trio.Deploy(1, "sg-lite", [1, 1], tasks);
        Assert.That(trio.Infer(1, 1, "sg-lite", [1, 1], tasks, T2CSim.Hardware.Models.SensorFrame.Synthetic(1)), Has.Count.EqualTo(1));
        string oldEndpoint = trio.DataEndpoint(1);
        trio.Restart(1);
        Assert.That(trio.DataEndpoint(1), Is.Not.EqualTo(oldEndpoint), "the new edge listens elsewhere; the device must have been told");
        Assert.That(trio.Infer(2, 1, "sg-lite", [1, 1], tasks, T2CSim.Hardware.Models.SensorFrame.Synthetic(2)), Has.Count.EqualTo(1),
            "a job through the restarted edge");
    }
}
