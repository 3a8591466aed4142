namespace T2CSim.Tests.Hardware.Hil;

using T2CSim.Hardware.Hil;
using T2CSim.Hardware.Transport;

/// <summary>The hardware run's sensor links follow the scenario: one per model, or one shared.</summary>
public class SensorLinksTests
{
    // Links to nowhere: nothing is delivered, only which link carries what is under test.
    private static LinkShaper Open(string _, string __) => new("tcp://127.0.0.1:9", 1e6, 0.001);

    [Test]
    public void Each_model_has_its_own_link_unless_the_scenario_shares_one()
    {
        using var perModel = new SensorLinks(shared: false, Open);
        Assert.That(perModel.For("sg-lite"), Is.SameAs(perModel.For("sg-lite")));
        Assert.That(perModel.For("sg-lite"), Is.Not.SameAs(perModel.For("asg-base")));

        using var shared = new SensorLinks(shared: true, Open);
        Assert.That(shared.For("sg-lite"), Is.SameAs(shared.For("asg-base")));
    }

    [Test]
    public void A_link_event_reaches_every_sensor_link_and_those_opened_after_it()
    {
        using var links = new SensorLinks(shared: false, Open);
        var early = links.For("a");
        links.SetRate(0, 2e5);
        var late = links.For("b");
        Assert.That((early.RateBps, late.RateBps), Is.EqualTo((2e5, 2e5)));
    }

    [Test]
    public void On_a_tree_each_devices_models_share_only_that_devices_sensor_link_and_its_events()
    {
        // Models a@cam-a and b@cam-a watch cam-a (sensor link 0), c@cam-b watches cam-b (sensor link 1).
        int LinkOf(string model) => model.EndsWith("@cam-a", StringComparison.Ordinal) ? 0 : 1;
        using var shared = new SensorLinks(shared: true, Open, LinkOf);
        Assert.That(shared.For("a@cam-a"), Is.SameAs(shared.For("b@cam-a")));
        Assert.That(shared.For("c@cam-b"), Is.Not.SameAs(shared.For("a@cam-a")));

        using var perModel = new SensorLinks(shared: false, Open, LinkOf);
        var a = perModel.For("a@cam-a");
        var c = perModel.For("c@cam-b");
        perModel.SetRate(1, 3e5);
        var b = perModel.For("b@cam-a");
        var d = perModel.For("d@cam-b");
        Assert.That((a.RateBps, b.RateBps, c.RateBps, d.RateBps), Is.EqualTo((1e6, 1e6, 3e5, 3e5)), "a link event on cam-b's sensor link reaches cam-b's models only");
        Assert.That((perModel.BytesSentOver(0), perModel.BytesSentOver(1)), Is.EqualTo((0L, 0L)));
    }
}
