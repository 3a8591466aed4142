namespace T2CSim.Tests.Experiments.Hil;

using System.Collections.Concurrent;
using T2CSim.Core;
using T2CSim.Core.Metrics;
using T2CSim.Core.Scenarios;
using T2CSim.Experiments.Results;
using T2CSim.Hardware.Hil;
using T2CSim.Hardware.Profiling;
using T2CSim.Hardware.Testbed;

/// <summary>
/// One short `t2c hil --testbed` run (root): agents inside the namespaces of a testbed with its own
/// prefix and addresses (so it cannot collide with `t2c testbed up`), links shaped by the kernel, each
/// agent under its tier's CPU quota. Checks the run files, conservation, that every agent joined its
/// CPU group from inside its namespace, and that down leaves nothing behind.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class TestbedHilRunTests
{
    [Test]
    public void A_short_run_in_the_namespaces_is_shaped_by_the_kernel_under_the_tiers_cpu_quotas()
    {
        if (TestbedNetwork.Unavailable() is { } why) Assert.Ignore(why);
        if (!CpuQuotaCgroup.Available()) Assert.Ignore("no writable cgroup v1 cpu controller");
        var scenario = ScenarioLoader.Load(Path.Combine(ProjectPaths.Root!, "scenarios", "hil-smoke.yaml"), ["duration_s=6"]);
        var testbed = new TestbedNetwork($"t2ch{Environment.ProcessId % 1000}", octet: 235);
        var lines = new ConcurrentQueue<string>();
        string dir = Path.Combine(Path.GetTempPath(), $"t2c-testbed-hil-{Environment.ProcessId}");
        try
        {
            testbed.Up(scenario.Topology, TestContext.Progress.WriteLine);
            var (result, s) = RunAccounted(scenario, testbed, lines);
            Assert.That(s.Served + s.Missed, Is.GreaterThan(0), "some requests ran to a result");
            RunFiles.Write(dir, result.Log, result.Timeline, result.Summary, result.Timing);
            foreach (var f in new[] { "requests.csv", "timeline.csv", "summary.csv", "timing.csv" })
                Assert.That(File.Exists(Path.Combine(dir, f)), Is.True, f);
            Assert.That(File.ReadAllLines(Path.Combine(dir, "requests.csv")).Length, Is.EqualTo(s.Arrived + 1));
            // Every agent found the cgroup hierarchy from inside its namespace and runs under its quota.
            Assert.That(lines.Count(l => l.Contains("cpu quota ", StringComparison.Ordinal) && l.Contains(CpuQuotaCgroup.DefaultRoot, StringComparison.Ordinal)), Is.EqualTo(3),
                string.Join("\n", lines.Where(l => l.Contains("cpu", StringComparison.OrdinalIgnoreCase))));
            Assert.That(lines.Any(l => l.Contains("no writable cgroup", StringComparison.Ordinal)), Is.False);
            Assert.That(lines.Count(l => l.Contains("shaped by the kernel", StringComparison.Ordinal)), Is.EqualTo(2), "device and edge pay their links' kernel lead");
        }
        finally
        {
            testbed.Down(TestContext.Progress.WriteLine);
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
        AssertNothingLeft(testbed);
    }

    /// <summary>
    /// The tree (docs/topology.md, "Testbeds"): two devices under one edge and one cloud as four
    /// namespaces, five shaped links (two sensor links from the host); both devices' requests run and are
    /// accounted for, every agent runs under its class's quota, and down leaves nothing behind.
    /// </summary>
    [Test]
    public void Two_devices_under_one_edge_run_in_four_namespaces_and_down_removes_them()
    {
        if (TestbedNetwork.Unavailable() is { } why) Assert.Ignore(why);
        if (!CpuQuotaCgroup.Available()) Assert.Ignore("no writable cgroup v1 cpu controller");
        var scenario = ScenarioLoader.Load(Path.Combine(ProjectPaths.Root!, "scenarios", "hil-graph-smoke.yaml"), ["duration_s=6"]);
        var testbed = new TestbedNetwork($"t2cg{Environment.ProcessId % 1000}", octet: 236);
        var lines = new ConcurrentQueue<string>();
        try
        {
            testbed.Up(scenario.Topology, TestContext.Progress.WriteLine);
            Assert.That(testbed.NodeCount, Is.EqualTo(4));
            var (result, s) = RunAccounted(scenario, testbed, lines);
            foreach (string device in new[] { "cam-a", "cam-b" })
                Assert.That(result.Log.Requests.Count(r => r.Request.Model == "sg-lite@" + device && r.Ran), Is.GreaterThan(0), $"requests for {device} ran");
            Assert.That(lines.Count(l => l.Contains("cpu quota ", StringComparison.Ordinal) && l.Contains(CpuQuotaCgroup.DefaultRoot, StringComparison.Ordinal)), Is.EqualTo(4),
                string.Join("\n", lines.Where(l => l.Contains("cpu", StringComparison.OrdinalIgnoreCase))));
            // Both devices and the edge have an uplink shaped by the kernel; the cloud has none.
            Assert.That(lines.Count(l => l.Contains("shaped by the kernel", StringComparison.Ordinal)), Is.EqualTo(3));
        }
        finally
        {
            testbed.Down(TestContext.Progress.WriteLine);
        }
        AssertNothingLeft(testbed);
    }

    /// <summary>One T2C_MH run on the testbed, its agents' log lines collected; every arrival accounted for.</summary>
    private static (HilResult Result, RunSummary Summary) RunAccounted(Scenario scenario, TestbedNetwork testbed, ConcurrentQueue<string> lines)
    {
        var result = HilRunner.Run(scenario, "T2C_MH", new HilOptions
        {
            Agent = AgentTrio.AgentCommand,
            Testbed = testbed,
            HostClockGhz = 3.0,
            EchoAgentLogs = true,
            Log = line => { lines.Enqueue(line); TestContext.Progress.WriteLine(line); },
        });
        var s = result.Summary;
        Assert.That(s.Arrived, Is.EqualTo(result.Log.Requests.Count));
        Assert.That(s.Served + s.Missed + s.Unserved, Is.EqualTo(s.Arrived), "arrived = served + missed + unserved");
        return (result, s);
    }

    /// <summary>`down` leaves no namespace and no link of the testbed behind.</summary>
    private static void AssertNothingLeft(TestbedNetwork testbed)
    {
        Assert.That(testbed.IsUp(), Is.False);
        var (_, links, _) = Shell.TryRun("ip", "-o", "link", "show");
        Assert.That(links, Does.Not.Contain(testbed.Prefix + "l"));
        var (_, namespaces, _) = Shell.TryRun("ip", "netns", "list");
        Assert.That(namespaces, Does.Not.Contain(testbed.Prefix + "-"));
    }
}
