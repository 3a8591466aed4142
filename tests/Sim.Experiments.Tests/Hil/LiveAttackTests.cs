namespace T2CSim.Tests.Experiments.Hil;

using NetMQ;
using NetMQ.Sockets;
using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Hardware.Agent;
using T2CSim.Hardware.Hil;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Security;
using T2CSim.Hardware.Transport;

/// <summary>
/// The probes against a whole run (`t2c hil` on hil-smoke, secure by default), all at once
/// from a foreign local process that knows every public key: it registers as the device right after
/// the warm-up, forges Results and StageReports for every job id it can guess, and pushes 1,500 valid
/// Jobs into the device. The run must not notice: no foreign registration, no forged result counted
/// (no latency below the sensor link's own 21 ms), every request accounted for.
/// </summary>
[NonParallelizable, Category("Slow")]
public class LiveAttackTests
{
    [Test]
    public void A_run_under_attack_serves_and_accounts_for_every_request()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(ProjectPaths.Root!, "scenarios", "hil-smoke.yaml"), ["duration_s=12"]);
        Thread? attacker = null;
        long devicePeakKb = 0;
        void Attack(ControlHub hub, AgentDirectory directory)
        {
            // The attacker knows every public key (they are no secret), so its CURVE handshakes succeed.
            byte[] controllerKey = hub.ControllerPublicKey!, deviceKey = hub.AgentPublicKey(0)!;
            string control = hub.ControlEndpoint, results = hub.ResultEndpoint, data = directory.Agents[0].DataEndpoint;
            attacker = new Thread(() =>
            {
                Thread.Sleep(4000); // past the warm-up, into the run
                var own = CurveKeyPair.Generate();
                T Foreign<T>(T socket, string endpoint, byte[] serverKey) where T : NetMQSocket
                {
                    socket.Options.Linger = TimeSpan.FromSeconds(1);
                    new PeerLink(own, serverKey).ConfigureClient(socket);
                    socket.Connect(endpoint);
                    return socket;
                }
                using var dealer = Foreign(new DealerSocket(), control, controllerKey);
                for (int i = 0; i < 5; i++) dealer.SendFrame(WireCodec.Encode(new RegisterMessage("device", "tcp://127.0.0.1:1", 1, 8, 4242), (ulong)i));
                using var push = Foreign(new PushSocket(), results, controllerKey);
                for (ulong job = 1; job <= 150; job++)
                {
                    push.SendFrame(WireCodec.Encode(new ResultMessage(job, 0, 0, 0, WireTensor.FromFloats([1f, 0f], [1, 2]), 1), job));
                    push.SendFrame(WireCodec.Encode(new StageReportMessage(job, 0, 0, 3.0, 3.0, true, default), job));
                }
                using var jobs = Foreign(new PushSocket(), data, deviceKey);
                for (ulong i = 0; i < 1500; i++)
                    jobs.SendFrame(WireCodec.Encode(new JobMessage(1_000_000 + i, 0, "sg-lite", [4, 4], [new TaskExit("smile", 0)], 0,
                        [("", TensorConversion.Frame(SensorFrame.Synthetic(1)))], 1, 1), i));
                // And 40 frames of 8 MiB (the pass-through flood that once starved the device's Status).
                var big = new byte[8 << 20];
                for (int i = 0; i < 40; i++) jobs.SendFrame(big);
                Thread.Sleep(1500); // the frames leave before the sockets close
                devicePeakKb = long.Parse(File.ReadLines($"/proc/{directory.Agents[0].ProcessId}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))[6..].Trim().Split(' ')[0]);
            }) { IsBackground = true, Name = "attacker" };
            attacker.Start();
        }
        var result = HilRunner.Run(scenario, "T2C_MH", new HilOptions
        {
            Agent = AgentTrio.AgentCommand,
            Log = TestContext.Progress.WriteLine,
            Registered = Attack,
        });
        attacker?.Join();
        long rejectedByController = result.Counters.RejectedFrames;
        var s = result.Summary;
        TestContext.Progress.WriteLine($"under attack: arrived {s.Arrived}, served {s.Served}, missed {s.Missed}, unserved {s.Unserved}; controller rejected {rejectedByController} frames; device agent peak RSS {devicePeakKb / 1024} MiB");
        Assert.That(rejectedByController, Is.GreaterThanOrEqualTo(5 + 300), "every foreign Register, Result and StageReport rejected");
        Assert.That(result.Log.Events.Any(e => e.Kind == "tier-lost"), Is.False, "the real device stayed the device");
        Assert.That(s.Served + s.Missed + s.Unserved, Is.EqualTo(s.Arrived));
        Assert.That(s.Served, Is.GreaterThan(0));
        Assert.That(devicePeakKb, Is.InRange(1, 1 << 20), "the device's peak memory under the flood, KiB (under 1 GiB)");
        // The sensor link alone takes 21 ms (2,304 bytes at 1 Mbit/s + 1 ms): a faster "result" is forged.
        Assert.That(result.Log.Requests.Where(r => r.Ran).Min(r => r.LatencyS), Is.GreaterThan(0.020));
    }
}
