namespace T2CSim.Tests.Core.Scenarios;

using T2CSim.Core.Scenarios;
using T2CSim.Core.Workload;
using T2CSim.Tests.Core.Support;

public sealed class ScenarioLoaderTests
{
    [Test]
    public void TheFixtureBindsEveryField()
    {
        using var folder = new ScenarioFolder();
        var s = ScenarioLoader.Load(folder.ScenarioPath);
        Assert.That((s.Name, s.Seed, s.DurationS, s.Repeats, s.ComputeNoiseCv), Is.EqualTo(("fixture", 7L, 60.0, 2, 0.1)));
        Assert.That(s.SourcePath, Is.EqualTo(folder.ScenarioPath));
        Assert.That(s.Topology.Tiers.Select(t => (t.Name, t.Slots, t.Cores)), Is.EqualTo(new[] { ("device", 1, 1), ("edge", 2, 2), ("cloud", 4, 4) }));
        // Mbps -> bit/s, ms -> s, background default 0.
        var de = s.Topology.Links[1];
        Assert.That((de.Name, de.CapacityBps, de.PropagationS, de.BackgroundBps), Is.EqualTo(("device_edge", 24e6, 0.003, 4e6)));
        Assert.That(s.Topology.Links[0].BackgroundBps, Is.Zero);

        var duo = s.Models["duo"];
        Assert.That(duo.Task("a").Exits[0].Accuracy, Is.EqualTo(0.65), "scenario accuracy override");
        Assert.That(duo.Task("a").Exits[1].Accuracy, Is.EqualTo(0.8), "table accuracy");
        Assert.That(duo.Task("b").Path[2].LatencyS, Is.EqualTo(new[] { 0.040, 0.016, 0.008 }).Within(1e-12));

        var w = s.Workload;
        Assert.That((w.StartHour, w.Multiplier), Is.EqualTo((3.0, 2.0)));
        Assert.That(w.Profile.RequestsPerHour[3], Is.EqualTo(130));
        Assert.That(w.RatePerSecond(0), Is.EqualTo(2 * 130 / 3600.0).Within(1e-15));
        Assert.That(w.Mix, Is.EqualTo(new[] { new TaskShare("duo", "a", 1, 0.8), new TaskShare("duo", "b", 1, 0.9) }), "default mix: uniform over tasks");
        Assert.That(w.Accuracy, Is.EqualTo(new UniformRequirement(0.6, 0.9)));
        Assert.That(w.LatencyS, Is.TypeOf<ChoiceRequirement>());
        Assert.That(w.LatencyS.Mean, Is.EqualTo((3 * 0.2 + 0.3) / 4).Within(1e-12));

        Assert.That(s.Controller.AggregationPeriodS, Is.EqualTo(20));
        Assert.That(s.Controller.ReconfigurationPeriodS, Is.EqualTo(45), "omitted keys keep the defaults");
        // Events come sorted by time.
        Assert.That(s.Events, Is.EqualTo(new[]
        {
            new LinkChange(20, "edge_cloud", 2, 0.5, null),
            new LinkChange(30, "device_edge", 1, null, 8e6),
        }));
        Assert.That(s.Sweep!.Multipliers, Is.EqualTo(new[] { 1.0, 2.0 }));
        Assert.That(s.Sweep.Algorithms, Is.EqualTo(new[] { "NEU", "T2C_MHE" }));
        Assert.That(s.RepeatSeed(3), Is.EqualTo(10));
    }

    [Test]
    public void OverridesReachAnyField()
    {
        using var folder = new ScenarioFolder();
        var s = ScenarioLoader.Load(folder.ScenarioPath,
        [
            "workload.multiplier=60",
            "controller.aggregation_period_s=10",
            "controller.idle_timeout_s=5",
            "topology.links.edge_cloud.capacity_mbps=20",
            "topology.tiers.1.slots=0",
            "models.duo.accuracy.b[b.final]=0.95",
            "workload.mix={duo: {b: 1}}",
            "sweep.multipliers=[40, 80]",
            "events.0.at_s=5",
        ]);
        Assert.That(s.Workload.Multiplier, Is.EqualTo(60));
        Assert.That(s.Controller.AggregationPeriodS, Is.EqualTo(10));
        Assert.That(s.Controller.IdleTimeoutS, Is.EqualTo(5));
        Assert.That(s.Topology.Links[2].CapacityBps, Is.EqualTo(20e6));
        Assert.That(s.Topology.Tiers[1].Slots, Is.Zero);
        Assert.That(s.Models["duo"].Task("b").FinalExit.Accuracy, Is.EqualTo(0.95));
        Assert.That(s.Workload.Mix, Is.EqualTo(new[] { new TaskShare("duo", "b", 1, 0.95) }));
        Assert.That(s.Sweep!.Multipliers, Is.EqualTo(new[] { 40.0, 80.0 }));
        Assert.That(s.Events[0].AtS, Is.EqualTo(5));
        Assert.That(s.Overrides, Has.Count.EqualTo(9));
        Assert.That(s.ResolvedYaml, Does.Contain("multiplier: 60"));
        Assert.That(s.WithMultiplier(80).Workload.Multiplier, Is.EqualTo(80));
    }

    // --- every invalid scenario: one line naming the file, the field and the problem ---

    private static string Refused(string? yaml = null, IReadOnlyList<string>? overrides = null, string? table = null, Action<ScenarioFolder>? change = null)
    {
        using var folder = new ScenarioFolder(yaml, table);
        change?.Invoke(folder);
        var e = Assert.Throws<T2CSim.Core.UserInputException>(() => ScenarioLoader.Load(folder.ScenarioPath, overrides))!;
        Assert.That(e.Message, Does.Not.Contain('\n'), "one line");
        Assert.That(e.Message, Does.StartWith(folder.ScenarioPath + ": "), "names the scenario file");
        return e.Message[(folder.ScenarioPath.Length + 2)..];
    }

    private static string Without(string line) =>
        string.Join('\n', Fixtures.ScenarioYaml.Split('\n').Where(l => l.Trim() != line));

    private static string Replace(string from, string to) => Fixtures.ScenarioYaml.Replace(from, to, StringComparison.Ordinal);

    [Test]
    public void RelativeAccuracyRequirementsScaleWithTheTasksFinalAccuracy()
    {
        // Fixture: task a's final exit has accuracy 0.8, task b's 0.9. Drawn fractions lie in 0.5..1.
        using var folder = new ScenarioFolder();
        var s = ScenarioLoader.Load(folder.ScenarioPath, ["workload.accuracy={distribution: uniform, low: 0.5, high: 1.0, relative_to: final_exit}"]);
        Assert.That(s.Workload.AccuracyRelativeToFinal, Is.True);
        var requests = new RequestGenerator(s.Workload, s.Streams(0)).Generate(3600).ToList();
        foreach (var (task, final) in new[] { ("a", 0.8), ("b", 0.9) })
        {
            var mine = requests.Where(r => r.Task == task).Select(r => r.MinAccuracy).ToList();
            Assert.That(mine, Has.Count.GreaterThan(100));
            Assert.That(mine.Min(), Is.GreaterThanOrEqualTo(0.5 * final));
            Assert.That(mine.Max(), Is.LessThanOrEqualTo(final), "no request asks for more than the final exit gives");
            Assert.That(mine.Average(), Is.EqualTo(0.75 * final).Within(0.03));
        }
        var bad = Assert.Throws<T2CSim.Core.UserInputException>(() => ScenarioLoader.Load(folder.ScenarioPath, ["workload.accuracy.relative_to=best_exit"]));
        Assert.That(bad!.Message, Does.Contain("workload.accuracy.relative_to").And.Contain("best_exit"));
    }

    [Test]
    public void MissingField() =>
        Assert.That(Refused(Without("seed: 7")), Is.EqualTo("seed: missing (required)"));

    [Test]
    public void MissingNestedField() =>
        Assert.That(Refused(Replace("{name: edge, slots: 2, cores: 2}", "{name: edge, cores: 2}")), Is.EqualTo("topology.tiers.edge.slots: missing (required)"));

    [Test]
    public void UnknownKeyIsATypo() =>
        Assert.That(Refused(Replace("duration_s: 60", "durations_s: 60")), Does.StartWith("durations_s: unknown key (expected one of: name, description, seed, duration_s,"));

    [Test]
    public void UnknownKeyInASection() =>
        Assert.That(Refused(overrides: ["controller.aggregation_s=5"]), Does.StartWith("controller.aggregation_s: unknown key (expected one of: aggregation_period_s,"));

    [Test]
    public void ReconfigurationAndAdaptivePeriodSettingsAreRead()
    {
        using var folder = new ScenarioFolder();
        var s = ScenarioLoader.Load(folder.ScenarioPath,
        [
            "controller.reconfiguration_mechanism=switching", "controller.pause_resume_downtime_s=4", "controller.switching_time_s=0.2",
            "controller.aggregation_period_min_s=3", "controller.aggregation_period_max_s=30", "controller.aggregation_requests_per_plan=7",
        ]);
        Assert.That(s.Controller.ReconfigurationMechanism, Is.EqualTo(T2CSim.Core.Planning.ReconfigurationMechanism.Switching));
        Assert.That((s.Controller.PauseResumeDowntimeS, s.Controller.SwitchingTimeS), Is.EqualTo((4.0, 0.2)));
        Assert.That((s.Controller.AggregationPeriodMinS, s.Controller.AggregationPeriodMaxS, s.Controller.AggregationRequestsPerPlan), Is.EqualTo((3.0, 30.0, 7.0)));
        Assert.That(ScenarioLoader.Load(folder.ScenarioPath).Controller.ReconfigurationMechanism, Is.EqualTo(T2CSim.Core.Planning.ReconfigurationMechanism.Hold), "the thesis's behaviour by default");
    }

    [Test]
    public void BadReconfigurationAndAdaptivePeriodSettingsNameTheirField()
    {
        Assert.That(Refused(overrides: ["controller.reconfiguration_mechanism=restart"]), Is.EqualTo("controller.reconfiguration_mechanism: 'restart': valid values are hold, pause_resume, switching"));
        Assert.That(Refused(overrides: ["controller.aggregation_period_min_s=20", "controller.aggregation_period_max_s=10"]), Is.EqualTo("controller.aggregation_period_max_s: 10 is below aggregation_period_min_s (20)"));
        Assert.That(Refused(overrides: ["controller.pause_resume_downtime_s=-1"]), Does.StartWith("controller.pause_resume_downtime_s: -1"));
    }

    [Test]
    public void UnknownModelInTheMix() =>
        Assert.That(Refused(overrides: ["workload.mix={trio: {a: 1}}"]), Is.EqualTo("workload.mix.trio: unknown key (expected one of: duo)"));

    [Test]
    public void UnknownTaskInTheMix() =>
        Assert.That(Refused(overrides: ["workload.mix.duo.c=1"]), Is.EqualTo("workload.mix.duo.c: unknown key (expected one of: a, b)"));

    [Test]
    public void UnknownModelInAnOverride() =>
        Assert.That(Refused(overrides: ["models.trio.table=trio.csv"]), Is.EqualTo("--set models.trio.table: models has no element 'trio' (elements: duo)"));

    [Test]
    public void OverrideWithoutAValue() =>
        Assert.That(Refused(overrides: ["workload.multiplier"]), Is.EqualTo("--set workload.multiplier: expected key.path=value"));

    [TestCase("0")]
    [TestCase("-5")]
    public void NonPositiveBandwidth(string mbps) =>
        Assert.That(Refused(overrides: [$"topology.links.edge_cloud.capacity_mbps={mbps}"]),
            Is.EqualTo($"topology.links.edge_cloud.capacity_mbps: {mbps}: the bandwidth must be positive"));

    [Test]
    public void BackgroundTrafficFillingTheLink() =>
        Assert.That(Refused(overrides: ["topology.links.device_edge.background_mbps=24"]),
            Is.EqualTo("topology.links.device_edge.background_mbps: 24 Mbps leaves nothing of the 24 Mbps link"));

    [TestCase("1.2")]
    [TestCase("-0.1")]
    public void ExitAccuracyOutsideZeroToOne(string accuracy) =>
        Assert.That(Refused(overrides: [$"models.duo.accuracy.a[a.exit1]={accuracy}"]),
            Is.EqualTo($"models.duo.accuracy.a[a.exit1]: {accuracy} is outside 0..1"));

    [Test]
    public void AccuracyOverrideOfAnUnknownExit() =>
        Assert.That(Refused(overrides: ["models.duo.accuracy.a[a.exit9]=0.7"]), Is.EqualTo("models.duo.accuracy.a.a.exit9: unknown key (expected one of: a.exit1, a.final)"));

    [Test]
    public void SlotsBelowZero() =>
        Assert.That(Refused(overrides: ["topology.tiers.edge.slots=-1"]), Is.EqualTo("topology.tiers.edge.slots: -1: the partition capacity cannot be below zero"));

    [Test]
    public void LookupTableWithAMissingLayerNamesTheTable()
    {
        string broken = string.Join('\n', Fixtures.DuoTable.Split('\n').Where(l => !l.StartsWith("stem,,1,", StringComparison.Ordinal)));
        using var folder = new ScenarioFolder(table: broken);
        var e = Assert.Throws<T2CSim.Core.UserInputException>(() => ScenarioLoader.Load(folder.ScenarioPath))!;
        Assert.That(e.Message, Is.EqualTo($"{folder.ScenarioPath}: models.duo.table: {folder.TablePath}: stem position 1: missing layer (stem positions must run 1, 2, 3, ...)"));
    }

    [TestCase("repeats: [2", "line 5, column 1")]          // an unclosed list, found where the next key starts
    [TestCase("repeats: 2\n  oops: 1", "line 5, column ")]  // a key indented under a value
    [TestCase("repeats: 'two", "line 4, column ")]          // an unclosed quote
    public void YamlSyntaxErrorGivesLineAndColumn(string broken, string at)
    {
        string problem = Refused(Replace("repeats: 2", broken));
        TestContext.Out.WriteLine(problem);
        Assert.That(problem, Does.StartWith(at).And.Match(@"^line \d+, column \d+: YAML syntax error: .+"));
    }

    [Test]
    public void TableFileMissing() =>
        Assert.That(Refused(overrides: ["models.duo.table=tables/nope.csv"]), Does.StartWith("models.duo.table: lookup table 'tables/nope.csv' not found (looked at "));

    [Test]
    public void ProfileFileMissing() =>
        Assert.That(Refused(change: f => File.Delete(Path.Combine(f.Directory, "ramp.csv"))), Does.StartWith("workload.profile: hourly profile 'ramp.csv' not found"));

    [Test]
    public void ScenarioFileMissing()
    {
        var path = Path.Combine(Path.GetTempPath(), "t2c-no-such-scenario.yaml");
        var e = Assert.Throws<T2CSim.Core.UserInputException>(() => ScenarioLoader.Load(path))!;
        Assert.That(e.Message, Is.EqualTo($"{path}: scenario file not found"));
    }

    [Test]
    public void EventOnAnUnknownLink() =>
        Assert.That(Refused(overrides: ["events.1.link=wifi"]), Is.EqualTo("events.1.link: no link named 'wifi' (links: sensor_device, device_edge, edge_cloud)"));

    [Test]
    public void RequirementOutsideItsRange() =>
        Assert.That(Refused(overrides: ["workload.accuracy.high=1.5"]), Is.EqualTo("workload.accuracy.high: 1.5 is not within 0..1"));

    [Test]
    public void UnknownDistribution() =>
        Assert.That(Refused(overrides: ["workload.latency_s={distribution: normal, values: [0.2]}"]), Is.EqualTo("workload.latency_s.distribution: 'normal' is not uniform or choice"));

    [Test]
    public void WrongNumberOfLinks() =>
        Assert.That(Refused(Without("- {name: edge_cloud, capacity_mbps: 40, latency_ms: 5}")),
            Is.EqualTo("topology.links: 2 links for 3 tiers: a chain needs one link per tier (sensor link first)"));

    [Test]
    public void NotANumber() =>
        Assert.That(Refused(overrides: ["duration_s=five"]), Is.EqualTo("duration_s: 'five' is not a number"));
}
