namespace T2CSim.Tests.Experiments.Commands;

using System.Globalization;
using System.Text.Json;
using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Experiments.Commands;
using T2CSim.Experiments.Reporting;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;
using T2CSim.Tests.Experiments.Support;

/// <summary>
/// `t2c run`, `t2c plan`, `t2c sweep` (and `t2c merge`) and `t2c report` on a graph scenario
/// (graph-two-devices.yaml: two devices under one edge and one cloud; docs/topology.md, "Commands on
/// graph scenarios"): each runs, and its files account for every request per device and add up per
/// node class to the topology and the run.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public sealed class GraphCommandsTests
{
    private static string GraphScenario => Path.Combine(ProjectPaths.Root!, "scenarios", "graph-two-devices.yaml");
    private string _dir = "";

    [SetUp]
    public void MakeFolder() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), $"t2c-graph-commands-{Environment.ProcessId}"));

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private static string Capture(Func<int> command)
    {
        var previous = Console.Out;
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(text);
        try { Assert.That(command(), Is.Zero); }
        finally { Console.SetOut(previous); }
        return text.ToString();
    }

    /// <summary>Every device's requests conserved (arrived = served + missed + unserved, each split as in the summary), the devices' rows summing to summary.csv.</summary>
    internal static void AssertDevicesConserve(string runDir, params string[] devices)
    {
        var rows = Table.Read(Path.Combine(runDir, DeviceFiles.FileName));
        var summary = Table.Read(Path.Combine(runDir, "summary.csv"));
        Assert.That(rows.Rows.Select(r => rows.Text(r, "device")), Is.EqualTo(devices));
        foreach (var r in rows.Rows)
        {
            double N(string c) => rows.Number(r, c);
            Assert.That(N("served") + N("missed") + N("unserved"), Is.EqualTo(N("arrived")), "arrived = served + missed + unserved");
            Assert.That(N("missed_latency") + N("missed_accuracy"), Is.EqualTo(N("missed")));
            Assert.That(N("unserved_queued") + N("unserved_unfinished") + N("unserved_lost"), Is.EqualTo(N("unserved")));
        }
        foreach (var column in new[] { "arrived", "served", "missed", "unserved", "unserved_lost" })
            Assert.That(rows.Rows.Sum(r => rows.Number(r, column)), Is.EqualTo(summary.Number(summary.Rows[0], column)), $"the devices' {column} add up to the run's");
        // Each device's arrivals are the requests for its model instances (model@device in requests.csv).
        var requests = Table.Read(Path.Combine(runDir, "requests.csv"));
        foreach (var r in rows.Rows)
            Assert.That(requests.Rows.Count(q => requests.Text(q, "model").EndsWith("@" + rows.Text(r, "device"), StringComparison.Ordinal)),
                Is.EqualTo(rows.Number(r, "arrived")), rows.Text(r, "device"));
    }

    /// <summary>node-classes.csv adds up to the topology: each class's nodes, cores and slots are its nodes'.</summary>
    internal static void AssertClassesAddUp(Table classes, IEnumerable<string[]> rows, Scenario scenario)
    {
        var nodes = scenario.Topology.Nodes;
        foreach (var r in rows)
        {
            string name = classes.Text(r, "class");
            var mine = nodes.Where(n => n.ClassName == name).ToList();
            Assert.That(classes.Number(r, "nodes"), Is.EqualTo(mine.Count), name);
            Assert.That(classes.Number(r, "cores"), Is.EqualTo(mine.Sum(n => n.Cores)), name);
            Assert.That(classes.Number(r, "slots"), Is.EqualTo(mine.Sum(n => n.Slots)), name);
            double used = classes.Number(r, "slots_used_mean");
            Assert.That(used, Is.InRange(0, classes.Number(r, "slots_used_peak")), name);
            Assert.That(classes.Number(r, "slot_utilisation"), Is.EqualTo(used / mine.Sum(n => n.Slots)).Within(1e-6), name);
        }
    }

    [Test]
    public void Run_writes_per_device_per_class_and_per_link_files_that_add_up()
    {
        string run = Path.Combine(_dir, "run");
        int status = new RunCommand().Build().Parse(["--scenario", GraphScenario, "--algorithm", "T2C_MHE", "--duration", "30", "--out", run]).Invoke();
        Assert.That(status, Is.Zero);
        var scenario = ScenarioLoader.Load(GraphScenario, ["duration_s=30"]);

        AssertDevicesConserve(run, "intersection", "senior-house");
        var devices = Table.Read(Path.Combine(run, DeviceFiles.FileName));
        Assert.That(devices.Rows.Select(r => devices.Number(r, "models")), Is.EqualTo(new[] { 1.0, 2.0 }), "sg-lite on both, ag-deep on the senior house");
        Assert.That(devices.Rows.All(r => devices.Number(r, "arrived") > 0), Is.True, "both devices had requests (weights 3:1)");

        var classes = Table.Read(Path.Combine(run, "node-classes.csv"));
        Assert.That(classes.Rows.Select(r => classes.Text(r, "class")), Is.EqualTo(new[] { "device", "edge", "cloud" }));
        AssertClassesAddUp(classes, classes.Rows, scenario);
        Assert.That(classes.Rows.Sum(r => classes.Number(r, "busy_cores_mean")), Is.GreaterThan(0), "the simulated world counted its stages");

        // One row per link, each with the summary's link<k>_mbps; a timeline row per 5 s bin and class.
        var links = Table.Read(Path.Combine(run, "links.csv"));
        var summary = Table.Read(Path.Combine(run, "summary.csv"));
        Assert.That(links.Rows, Has.Count.EqualTo(scenario.Topology.Links.Count));
        for (int k = 0; k < links.Rows.Count; k++)
            Assert.That(links.Text(links.Rows[k], "mbps"), Is.EqualTo(summary.Text(summary.Rows[0], $"link{k}_mbps")), links.Text(links.Rows[k], "link"));
        Assert.That(Table.Read(Path.Combine(run, "node-classes-timeline.csv")).Rows, Has.Count.EqualTo(6 * 3));
    }

    [Test]
    public void Plan_on_a_graph_adds_its_slots_per_node_class_and_the_chains_json_has_none()
    {
        var scenario = ScenarioLoader.Load(GraphScenario);
        using var json = JsonDocument.Parse(Capture(() => new PlanCommand().Build().Parse(["--scenario", GraphScenario, "--algorithm", "T2C_MHE"]).Invoke()));
        var root = json.RootElement;
        var perNode = root.GetProperty("slots_used").EnumerateArray().Select(e => (Node: e.GetProperty("tier").GetString()!, Used: e.GetProperty("used").GetInt32(), Of: e.GetProperty("of").GetInt32())).ToList();
        var byClass = root.GetProperty("slots_used_by_class").EnumerateArray().ToList();
        Assert.That(byClass.Select(c => c.GetProperty("class").GetString()), Is.EqualTo(new[] { "device", "edge", "cloud" }));
        foreach (var c in byClass)
        {
            string name = c.GetProperty("class").GetString()!;
            var mine = perNode.Where(n => scenario.Topology.Nodes.Single(t => t.Name == n.Node).ClassName == name).ToList();
            Assert.That(c.GetProperty("nodes").GetInt32(), Is.EqualTo(mine.Count), name);
            Assert.That(c.GetProperty("used").GetInt32(), Is.EqualTo(mine.Sum(n => n.Used)), name);
            Assert.That(c.GetProperty("of").GetInt32(), Is.EqualTo(mine.Sum(n => n.Of)), name);
        }
        Assert.That(byClass.Sum(c => c.GetProperty("used").GetInt32()), Is.GreaterThan(0));
        // Every request is placed or named unplaced.
        int placed = root.GetProperty("models").EnumerateArray().Sum(m => m.GetProperty("served_request_ids").GetArrayLength());
        Assert.That(placed + root.GetProperty("unplaced_request_ids").GetArrayLength(), Is.EqualTo(root.GetProperty("requests").GetInt32()));

        string chain = Path.Combine(ProjectPaths.Root!, "scenarios", "thesis-operation.yaml");
        using var chainJson = JsonDocument.Parse(Capture(() => new PlanCommand().Build().Parse(["--scenario", chain, "--algorithm", "T2C_MHE"]).Invoke()));
        Assert.That(chainJson.RootElement.TryGetProperty("slots_used_by_class", out _), Is.False, "the chain's plan JSON is unchanged");
    }

    [Test]
    public void Sweep_writes_node_classes_per_run_plots_them_merges_them_and_report_tabulates_them()
    {
        var scenario = ScenarioLoader.Load(GraphScenario, ["duration_s=20"]);
        var plan = SweepPlan.From(scenario, ["T2C_MHE", "NEU"], [40, 80], 2);
        string whole = Path.Combine(_dir, "sweep");
        var outcome = SweepJob.Execute(plan, whole, 2, plots: true, plainProgress: TextWriter.Null);

        var runs = Table.Read(Path.Combine(whole, SweepFiles.Runs));
        var classes = Table.Read(Path.Combine(whole, SweepFiles.NodeClasses));
        Assert.That(classes.Header.Take(4), Is.EqualTo(new[] { "algorithm", "multiplier", "repeat", "class" }));
        Assert.That(classes.Rows, Has.Count.EqualTo(runs.Rows.Count * 3), "a row per run and node class");
        for (int i = 0; i < runs.Rows.Count; i++)
        {
            var mine = classes.Rows.Skip(3 * i).Take(3).ToList();
            Assert.That(mine.Select(r => r.Take(3)), Has.All.EqualTo(runs.Rows[i].Take(3)), "the run's key, in runs.csv's order");
            Assert.That(mine.Select(r => classes.Text(r, "class")), Is.EqualTo(new[] { "device", "edge", "cloud" }));
            AssertClassesAddUp(classes, mine, scenario);
        }
        foreach (var name in new[] { "device", "edge", "cloud" })
            Assert.That(outcome.Plots.Select(Path.GetFileName), Does.Contain($"node_class_slot_utilisation_{name}.png"));

        // Shards merged give the unsharded node-classes.csv byte for byte.
        var shards = Enumerable.Range(0, 3).Select(i => Path.Combine(_dir, $"shard-{i}")).ToList();
        for (int i = 0; i < 3; i++) SweepJob.Execute(plan, shards[i], 1, plots: false, plainProgress: TextWriter.Null, shard: new SweepShard(i, 3));
        string merged = Path.Combine(_dir, "merged");
        SweepMerge.Merge(shards, merged);
        Assert.That(File.ReadAllBytes(Path.Combine(merged, SweepFiles.NodeClasses)), Is.EqualTo(File.ReadAllBytes(Path.Combine(whole, SweepFiles.NodeClasses))));

        // report: the claims, then a row per (class, algorithm, multiplier) with the mean over the repeats.
        string text = Capture(() => new ReportCommand().Build().Parse([whole]).Invoke());
        var rows = text.Split('\n').Where(l => l.StartsWith("| device |") || l.StartsWith("| edge |") || l.StartsWith("| cloud |")).ToList();
        Assert.That(rows, Has.Count.EqualTo(3 * 2 * 2));
        string first = rows.Single(l => l.StartsWith("| device | 2 | T2C_MHE | 40x |"));
        double mean = classes.Rows.Where(r => classes.Text(r, "class") == "device" && classes.Text(r, "algorithm") == "T2C_MHE" && classes.Number(r, "multiplier") == 40)
            .Average(r => classes.Number(r, "slot_utilisation"));
        Assert.That(first, Does.Contain(string.Create(CultureInfo.InvariantCulture, $"| {mean * 100:0.0} % |")));
    }

    [Test]
    public void A_chain_sweep_has_node_classes_but_no_class_plots_nor_class_table()
    {
        using var fixture = new SweepFixture();
        string dir = fixture.Output("chain");
        SweepJob.Execute(fixture.Plan(), dir, 1, plots: false, plainProgress: TextWriter.Null);
        var classes = Table.Read(Path.Combine(dir, SweepFiles.NodeClasses));
        Assert.That(classes.Rows, Has.Count.EqualTo(12 * fixture.Scenario().Topology.NodeCount), "a row per run and tier");
        Assert.That(T2CSim.Experiments.Plots.NodeClassCharts.Wanted(classes), Is.False);
        Assert.That(NodeClassReport.Lines(dir), Is.Empty);
    }
}
