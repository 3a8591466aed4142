namespace T2CSim.Tests.Core.Scenarios;

using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Tests.Core.Support;

/// <summary>
/// The fields added for the sensitivity study (docs/reproduction.md, "Sensitivity"): a tier's speed
/// scales its lookup-table column for prediction and simulation alike, and the shared sensor link is
/// off unless asked for. Both defaults leave a scenario exactly as before.
/// </summary>
public sealed class SensitivityFieldsTests
{
    [Test]
    public void ATiersSpeedDividesItsTableColumnAndOnlyThat()
    {
        using var folder = new ScenarioFolder();
        var plain = ScenarioLoader.Load(folder.ScenarioPath);
        var fast = ScenarioLoader.Load(folder.ScenarioPath, ["topology.tiers.device.speed=2", "topology.tiers.cloud.speed=0.5"]);
        Assert.That(plain.Topology.Tiers.Select(t => t.Speed), Is.EqualTo(new[] { 1.0, 1, 1 }), "default: the table as measured");
        // Fixture table, task b's position 3: 40 / 16 / 8 ms on device / edge / cloud.
        Assert.That(plain.Models["duo"].Task("b").Path[2].LatencyS, Is.EqualTo(new[] { 0.040, 0.016, 0.008 }).Within(1e-12));
        Assert.That(fast.Models["duo"].Task("b").Path[2].LatencyS, Is.EqualTo(new[] { 0.020, 0.016, 0.016 }).Within(1e-12));
        Assert.That(fast.Models["duo"].Task("a").Exits[0].LatencyS[0], Is.EqualTo(plain.Models["duo"].Task("a").Exits[0].LatencyS[0] / 2).Within(1e-15));
    }

    [TestCase("0")]
    [TestCase("-1")]
    public void ASpeedMustBePositive(string speed)
    {
        using var folder = new ScenarioFolder();
        var e = Assert.Throws<UserInputException>(() => ScenarioLoader.Load(folder.ScenarioPath, [$"topology.tiers.edge.speed={speed}"]))!;
        Assert.That(e.Field, Is.EqualTo("topology.tiers.edge.speed"));
    }

    [Test]
    public void TheSharedSensorLinkIsOffUnlessAskedFor()
    {
        using var folder = new ScenarioFolder();
        Assert.That(ScenarioLoader.Load(folder.ScenarioPath).Topology.SharedSensorLink, Is.False);
        Assert.That(ScenarioLoader.Load(folder.ScenarioPath, ["topology.shared_sensor_link=true"]).Topology.SharedSensorLink, Is.True);
        var e = Assert.Throws<UserInputException>(() => ScenarioLoader.Load(folder.ScenarioPath, ["topology.shared_sensor_link=maybe"]))!;
        Assert.That(e.Field, Is.EqualTo("topology.shared_sensor_link"));
    }
}
