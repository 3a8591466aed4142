namespace T2CSim.Tests.Hardware;

using T2CSim.Hardware.Agent;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Transport;
using TorchSharp;

/// <summary>
/// The agents' stage logic, chained in one process through the wire format: for every pair of
/// partition points, with every task exiting at the same exit index, the results equal the whole
/// network's, and what crosses each cut is what the simulator says crosses it.
/// </summary>
public class StageExecutorTests
{
    [Test]
    [Category("Slow")]
    public void Chained_stages_over_the_wire_format_match_the_whole_network()
    {
        T2CSim.Hardware.Runtime.TorchRuntime.Configure();
        ModelZoo.TryGet("sg-lite", out var architecture);
        using var network = new MultiTaskNetwork(architecture);
        using var scope = torch.NewDisposeScope();
        var frame = SensorFrame.Synthetic(11);
        var whole = network.Forward(SensorFrame.ToInput(frame));
        int depth = network.Depth("smile"), cases = 0;
        for (int p = 0; p <= depth; p++)
            for (int q = p; q <= depth; q++)
                for (int e = 0; e < network.Exits("smile").Count; e++)
                {
                    var tasks = network.Tasks.Select(t => new TaskExit(t, e)).ToArray();
                    JobMessage? job = new(1, 1, "sg-lite", [p, q], tasks, 0, [("", TensorConversion.Frame(frame))]);
                    var results = new Dictionary<int, float[]>();
                    for (int tier = 0; tier < 3 && job is not null; tier++)
                    {
                        // Every hop goes through encode/decode, as between processes.
                        job = (JobMessage)WireCodec.Decode(WireCodec.Encode(job, 1)).Message;
                        var output = StageExecutor.Run(network, tier, job);
                        foreach (var (slot, scores) in output.Results) results.Add(slot, scores.ToFloats());
                        job = output.Forward;
                    }
                    Assert.That(results.Keys.Order(), Is.EqualTo(Enumerable.Range(0, tasks.Length)), $"cuts ({p},{q}) exit {e}");
                    for (int s = 0; s < tasks.Length; s++)
                    {
                        var expected = whole[tasks[s].Task][e].data<float>().ToArray();
                        Assert.That(results[s], Is.EqualTo(expected).Within(1e-5), $"cuts ({p},{q}) {tasks[s].Task} exit {e}");
                    }
                    cases++;
                }
        Assert.That(cases, Is.EqualTo(15 * 3));
    }

    [Test]
    public void A_job_at_the_wrong_position_or_for_an_unknown_task_is_refused()
    {
        T2CSim.Hardware.Runtime.TorchRuntime.Configure();
        ModelZoo.TryGet("sg-lite", out var architecture);
        using var network = new MultiTaskNetwork(architecture);
        var frame = TensorConversion.Frame(SensorFrame.Synthetic(1));
        var wrongPosition = new JobMessage(1, 1, "sg-lite", [1, 2], [new TaskExit("smile", 0)], 0, [("", frame)]);
        Assert.Throws<WireFormatException>(() => StageExecutor.Run(network, 1, wrongPosition));
        var unknown = new JobMessage(1, 1, "sg-lite", [1, 2], [new TaskExit("age", 0)], 0, [("", frame)]);
        Assert.Throws<WireFormatException>(() => StageExecutor.Run(network, 0, unknown));
        var badFrame = new JobMessage(1, 1, "sg-lite", [1, 2], [new TaskExit("smile", 0)], 0, [("", new WireTensor(WireDType.UInt8, [1, 2304], new byte[2304]))]);
        Assert.Throws<WireFormatException>(() => StageExecutor.Run(network, 0, badFrame));
    }
}
