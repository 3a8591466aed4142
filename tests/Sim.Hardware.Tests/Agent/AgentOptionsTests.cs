namespace T2CSim.Tests.Hardware.Agent;

using T2CSim.Hardware.Agent;

/// <summary>What an agent advertises as its data endpoint when it is not told (--data-advertise).</summary>
public sealed class AgentOptionsTests
{
    [TestCase("tcp://*:5560", "tcp://127.0.0.1:5560")]
    [TestCase("tcp://0.0.0.0:5560", "tcp://127.0.0.1:5560")]
    [TestCase("tcp://:5560", "tcp://127.0.0.1:5560")]
    [TestCase("tcp://10.0.0.3:5560", "tcp://10.0.0.3:5560")]
    [TestCase("tcp://:*", "tcp://127.0.0.1:*")]
    public void A_wildcard_or_empty_host_is_advertised_as_loopback(string bind, string advertised) =>
        Assert.That(new AgentOptions("device", "tcp://127.0.0.1:9", bind).AdvertisedDataEndpoint, Is.EqualTo(advertised));

    [Test]
    public void An_explicit_advertise_wins() =>
        Assert.That(new AgentOptions("device", "tcp://127.0.0.1:9", "tcp://*:5560", "tcp://10.0.0.3:5560").AdvertisedDataEndpoint, Is.EqualTo("tcp://10.0.0.3:5560"));
}
