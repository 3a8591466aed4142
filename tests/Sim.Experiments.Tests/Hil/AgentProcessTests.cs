namespace T2CSim.Tests.Experiments.Hil;

using NetMQ;
using NetMQ.Sockets;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Transport;
using TorchSharp;

/// <summary>
/// Three agent processes serve partitioned inferences: the same outputs as the whole network in
/// this process, and garbage on their ports is dropped while they keep serving.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class AgentProcessTests
{
    private AgentTrio _trio = null!;
    private int _deployment;
    private ulong _job;

    [OneTimeSetUp]
    public void Start() => _trio = new AgentTrio();

    [OneTimeTearDown]
    public void Stop() => _trio?.Dispose();

    [Test]
    public void One_inference_through_three_processes_matches_the_whole_network_for_every_partition_and_exit()
    {
        T2CSim.Hardware.Runtime.TorchRuntime.Configure();
        ModelZoo.TryGet("sg-lite", out var architecture);
        using var network = new MultiTaskNetwork(architecture);
        using var scope = torch.NewDisposeScope();
        var frame = SensorFrame.Synthetic(17);
        var whole = network.Forward(SensorFrame.ToInput(frame));
        int depth = network.Depth("smile"), cases = 0;
        for (int p = 0; p <= depth; p++)
            for (int q = p; q <= depth; q++)
                for (int e = 0; e < network.Exits("smile").Count; e++)
                {
                    var tasks = network.Tasks.Select(t => new TaskExit(t, e)).ToArray();
                    int deployment = ++_deployment;
                    _trio.Deploy(deployment, "sg-lite", [p, q], tasks);
                    var scores = _trio.Infer(++_job, deployment, "sg-lite", [p, q], tasks, frame);
                    for (int s = 0; s < tasks.Length; s++)
                    {
                        var expected = whole[tasks[s].Task][e].data<float>().ToArray();
                        for (int i = 0; i < expected.Length; i++)
                            Assert.That(scores[s][i], Is.EqualTo(expected[i]).Within(1e-5 + 1e-5 * Math.Abs(expected[i])), $"cuts ({p},{q}) {tasks[s].Task} exit {e}");
                    }
                    cases++;
                }
        Assert.That(cases, Is.EqualTo(45));
    }

    [Test]
    public void Garbage_and_oversized_frames_are_dropped_and_the_agent_keeps_serving()
    {
        var random = new Random(7);
        // From a peer that completes the CURVE handshake (it knows the device's public key) but cannot seal.
        using (var push = _trio.Foreign(new PushSocket(), _trio.DataEndpoint(0), "device"))
        {
            for (int i = 0; i < 20; i++)
            {
                var junk = new byte[random.Next(0, 400)];
                random.NextBytes(junk);
                push.SendFrame(junk);
            }
            // A well-formed envelope claiming a Job, followed by nonsense; and a frame over the size limit.
            push.SendFrame([0x54, 0x32, 1, 8, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
            push.SendFrame(new byte[WireLimits.Default.MaxMessageBytes + 1]);
            // A valid Job for a deployment the agent does not hold.
            push.SendFrame(WireCodec.Encode(new JobMessage(999, 424242, "sg-lite", [4, 4], [new TaskExit("smile", 0)], 0,
                [("", T2CSim.Hardware.Agent.TensorConversion.Frame(new byte[2304]))]), 1));
        }
        for (int i = 0; i < 10; i++)
        {
            var junk = new byte[random.Next(0, 200)];
            random.NextBytes(junk);
            _trio.Hub.SendRaw(_trio.Directory.Agents[0].Identity, junk);
        }

        var tasks = new[] { new TaskExit("smile", 2), new TaskExit("gender", 0) };
        int deployment = ++_deployment;
        _trio.Deploy(deployment, "sg-lite", [1, 3], tasks);
        var frame = SensorFrame.Synthetic(3);
        var scores = _trio.Infer(++_job, deployment, "sg-lite", [1, 3], tasks, frame);

        T2CSim.Hardware.Runtime.TorchRuntime.Configure();
        ModelZoo.TryGet("sg-lite", out var architecture);
        using var network = new MultiTaskNetwork(architecture);
        using var scope = torch.NewDisposeScope();
        var whole = network.Forward(SensorFrame.ToInput(frame));
        Assert.That(scores[0], Is.EqualTo(whole["smile"][2].data<float>().ToArray()).Within(1e-4));
        Assert.That(scores[1], Is.EqualTo(whole["gender"][0].data<float>().ToArray()).Within(1e-4));

        // The device agent counted what it dropped in its status reports.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !(_trio.Statuses.TryGetValue("device", out var s) && s.Rejected >= 30)) Thread.Sleep(100);
        Assert.That(_trio.Statuses["device"].Rejected, Is.GreaterThanOrEqualTo(30));
    }
}
