namespace T2CSim.Tests.Hardware.Transport;

using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using T2CSim.Hardware.Transport;

/// <summary>The user-space link holds frames to its rate and adds its propagation delay.</summary>
public class LinkShaperTests
{
    [Test]
    public void A_shaped_link_is_not_faster_than_its_rate_plus_delay()
    {
        using var sink = new PullSocket();
        int port = sink.BindRandomPort("tcp://127.0.0.1");
        using var link = new LinkShaper($"tcp://127.0.0.1:{port}", 8e6, 0.05);
        var clock = Stopwatch.StartNew();
        // 4 frames of 50 KB at 8 Mbit/s: 0.2 s of transmission, plus 50 ms propagation.
        for (int i = 0; i < 4; i++) link.Send(new byte[50_000], MessageKind.Job);
        for (int i = 0; i < 4; i++)
            Assert.That(sink.TryReceiveFrameBytes(TimeSpan.FromSeconds(10), out _), Is.True);
        Assert.That(clock.Elapsed.TotalSeconds, Is.GreaterThanOrEqualTo(0.24).And.LessThan(5));
        Assert.That(link.BytesSent, Is.EqualTo(200_000));
        Assert.That(link.ThroughputBps(), Is.GreaterThan(0));
    }
}
