namespace T2CSim.Tests.Hardware.Hil;

using T2CSim.Hardware.Hil;
using T2CSim.Hardware.Transport;

/// <summary>The hardware run's sensor links follow the scenario: one per model, or one shared.</summary>
public class SensorLinksTests
{
    // Links to nowhere: nothing is delivered, only which link carries what is under test.
    private static LinkShaper Open(string _) => new("tcp://127.0.0.1:9", 1e6, 0.001);

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
        links.RateBps = 2e5;
        var late = links.For("b");
        Assert.That((early.RateBps, late.RateBps), Is.EqualTo((2e5, 2e5)));
    }
}
