namespace T2CSim.Tests.Hardware;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Testbed;

/// <summary>
/// The namespace testbed (root): a link shaped to 24 Mbit/s carries a 1 MB tensor in about a third
/// of a second, not faster; a 1 Mbit/s link lets no frame skip more than one Ethernet frame of its
/// serialisation (tbf's bucket), and with the sender's lead a 2 kB frame takes its ~17 ms; down removes
/// everything it made. Physics checks with generous bounds, not speed checks.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class TestbedNetworkTests
{
    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);
    private const int CloneNewNet = 0x40000000;

    private static Topology Links(double sensorBps) => new(
        [new TierSpec("device", 1, 1), new TierSpec("edge", 1, 1), new TierSpec("cloud", 1, 1)],
        [new LinkSpec("sensor_device", sensorBps, 0, 0), new LinkSpec("device_edge", 24e6, 0, 0), new LinkSpec("edge_cloud", 40e6, 0, 0)]);

    /// <summary>Seconds from writing <paramref name="bytes"/> on the host to their last byte read in the device namespace.</summary>
    private static double[] TimeTransfers(TestbedNetwork testbed, int port, params int[] sizes)
    {
        var arrived = new double[sizes.Length];
        var clock = Stopwatch.StartNew();
        var ready = new ManualResetEventSlim();
        var receiver = new Thread(() =>
        {
            using var ns = File.OpenHandle($"/var/run/netns/{testbed.Namespace(0)}");
            if (setns((int)ns.DangerousGetHandle(), CloneNewNet) != 0) throw new InvalidOperationException($"setns failed: {Marshal.GetLastPInvokeError()}");
            using var listener = new TcpListener(IPAddress.Parse(testbed.TierAddress(0)), port);
            listener.Start();
            ready.Set();
            using var client = listener.AcceptTcpClient();
            using var stream = client.GetStream();
            var buffer = new byte[65536];
            for (int i = 0; i < sizes.Length; i++)
            {
                int got = 0;
                while (got < sizes[i]) got += stream.Read(buffer, 0, Math.Min(buffer.Length, sizes[i] - got));
                arrived[i] = clock.Elapsed.TotalSeconds;
                stream.WriteByte(1);
            }
        });
        receiver.Start();
        Assert.That(ready.Wait(TimeSpan.FromSeconds(10)), Is.True);
        var took = new double[sizes.Length];
        using (var sender = new TcpClient { NoDelay = true })
        {
            sender.Connect(IPAddress.Parse(testbed.TierAddress(0)), port);
            var stream = sender.GetStream();
            for (int i = 0; i < sizes.Length; i++)
            {
                Thread.Sleep(300); // the link idles: tbf's bucket is full again
                double start = clock.Elapsed.TotalSeconds;
                stream.Write(new byte[sizes[i]]);
                Assert.That(stream.ReadByte(), Is.EqualTo(1));
                took[i] = arrived[i] - start;
            }
        }
        Assert.That(receiver.Join(TimeSpan.FromSeconds(20)), Is.True);
        return took;
    }

    [Test]
    public void A_1_mbit_link_lets_no_frame_skip_more_than_one_ethernet_frame_of_its_serialisation()
    {
        if (TestbedNetwork.Unavailable() is { } why) Assert.Ignore(why);
        var testbed = new TestbedNetwork($"t2cu{Environment.ProcessId % 1000}", octet: 234);
        try
        {
            testbed.Up(Links(1e6), TestContext.Progress.WriteLine);
            var took = TimeTransfers(testbed, 5598, 2048, 20000);
            TestContext.Progress.WriteLine($"kernel: 2048 B in {took[0] * 1000:0.0} ms, 20000 B in {took[1] * 1000:0.0} ms");
            // On the wire: 2048 B + 2 packets' headers = 2180 B, of which the first 1514 pass at once: 5.3 ms
            // (with the old 16 kB bucket: 0.2 ms). 20000 B + 14 packets' headers - 1514 B: 155 ms (old: 37 ms).
            Assert.That(took[0], Is.InRange(0.004, 0.5), "2 kB: at least its serialisation beyond the bucket");
            Assert.That(took[1], Is.InRange(0.140, 2.0), "20 kB: at least its serialisation beyond the bucket");
            // The sender pays the bucket's lead (LinkShaper in kernel mode): a 2 kB frame then takes its
            // serialisation, 2180 B x 8 / 1 Mbit/s = 17.4 ms, not 2.
            double withLead = took[0] + T2CSim.Hardware.Transport.LinkShaper.KernelLeadS(2048, 1e6, TestbedNetwork.BurstBytes);
            Assert.That(withLead, Is.InRange(0.016, 0.5));
        }
        finally
        {
            testbed.Down(TestContext.Progress.WriteLine);
        }
        Assert.That(testbed.IsUp(), Is.False);
    }

    [Test]
    public void A_24_mbit_link_carries_a_megabyte_in_about_a_third_of_a_second()
    {
        if (TestbedNetwork.Unavailable() is { } why) Assert.Ignore(why);
        var testbed = new TestbedNetwork($"t2ct{Environment.ProcessId % 1000}", octet: 232);
        var topology = new Topology(
            [new TierSpec("device", 1, 1), new TierSpec("edge", 1, 1), new TierSpec("cloud", 1, 1)],
            [new LinkSpec("sensor_device", 24e6, 0, 0), new LinkSpec("device_edge", 24e6, 0, 0), new LinkSpec("edge_cloud", 40e6, 0, 0)]);
        try
        {
            testbed.Up(topology, TestContext.Progress.WriteLine);
            Assert.That(testbed.IsUp(), Is.True);
            const int bytes = 1 << 20;
            int received = 0;
            var ready = new ManualResetEventSlim();
            // The receiver lives in the device namespace: a thread that joined it owns the listening socket.
            var receiver = new Thread(() =>
            {
                using var ns = File.OpenHandle($"/var/run/netns/{testbed.Namespace(0)}");
                if (setns((int)ns.DangerousGetHandle(), CloneNewNet) != 0) throw new InvalidOperationException($"setns failed: {Marshal.GetLastPInvokeError()}");
                using var listener = new TcpListener(IPAddress.Parse(testbed.TierAddress(0)), 5599);
                listener.Start();
                ready.Set();
                using var client = listener.AcceptTcpClient();
                using var stream = client.GetStream();
                var buffer = new byte[65536];
                int n;
                while ((n = stream.Read(buffer)) > 0) received += n;
            });
            receiver.Start();
            Assert.That(ready.Wait(TimeSpan.FromSeconds(10)), Is.True);
            var clock = Stopwatch.StartNew();
            using (var sender = new TcpClient())
            {
                sender.Connect(IPAddress.Parse(testbed.TierAddress(0)), 5599);
                sender.GetStream().Write(new byte[bytes]);
                sender.Client.Shutdown(SocketShutdown.Send);
                Assert.That(receiver.Join(TimeSpan.FromSeconds(20)), Is.True);
            }
            double seconds = clock.Elapsed.TotalSeconds;
            Assert.That(received, Is.EqualTo(bytes));
            // 8.4 Mbit at 24 Mbit/s: 0.35 s. Never faster than 0.3 s; generously bounded above.
            Assert.That(seconds, Is.GreaterThanOrEqualTo(0.3).And.LessThan(5), $"{seconds:0.###} s");
        }
        finally
        {
            testbed.Down(TestContext.Progress.WriteLine);
        }
        Assert.That(testbed.IsUp(), Is.False);
        var (_, links, _) = Shell.TryRun("ip", "-o", "link", "show");
        Assert.That(links, Does.Not.Contain(testbed.Prefix + "l"));
    }
}
