namespace T2CSim.Tests.Hardware;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Testbed;

/// <summary>
/// The namespace testbed (root): a link shaped to 24 Mbit/s carries a 1 MB tensor in about a third
/// of a second, not faster; and down removes everything it made.
/// </summary>
[NonParallelizable]
public class TestbedNetworkTests
{
    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);
    private const int CloneNewNet = 0x40000000;

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
