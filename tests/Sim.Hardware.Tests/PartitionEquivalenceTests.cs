namespace T2CSim.Tests.Hardware;

using T2CSim.Hardware.Models;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Partitioned execution must compute exactly what the whole network computes: for every pair of
/// partition points (device runs 1..p, edge p+1..p', cloud p'+1..N) and every exit, chaining the
/// pieces gives the unpartitioned exit's scores.
/// </summary>
[Category("Slow")]
public class PartitionEquivalenceTests
{
    private static IEnumerable<string> Models() => ModelZoo.Names;

    [TestCaseSource(nameof(Models))]
    public void Every_partition_and_exit_matches_the_whole_network(string model)
    {
        ModelZoo.TryGet(model, out var architecture);
        using var network = new MultiTaskNetwork(architecture);
        using var scope = torch.NewDisposeScope();
        var input = SensorFrame.ToInput(SensorFrame.Synthetic(7));
        var whole = network.Forward(input);
        int checkedCases = 0;
        foreach (var task in network.Tasks)
        {
            int depth = network.Depth(task);
            for (int p = 0; p <= depth; p++)
                for (int q = p; q <= depth; q++)
                    foreach (var exit in network.Exits(task))
                    {
                        // Each tier runs its slice of 1..After; the tier holding After runs the exit head.
                        int l = exit.After;
                        var x = input;
                        foreach (var (first, last) in new[] { (1, Math.Min(p, l)), (p + 1, Math.Min(q, l)), (q + 1, l) })
                            if (last >= first) x = network.RunPositions(task, first, last, x);
                        var scores = network.RunExit(task, exit.Index, x);
                        Assert.That(scores.shape, Is.EqualTo(new long[] { 1, exit.Classes }), $"{task} {exit.Name}");
                        Assert.That(scores.allclose(whole[task][exit.Index], rtol: 1e-5, atol: 1e-6), Is.True,
                            $"{model} {task} {exit.Name} with partition points {p},{q}");
                        checkedCases++;
                    }
        }
        Assert.That(checkedCases, Is.GreaterThan(0));
    }

    [Test]
    public void Stem_positions_are_shared_by_all_tasks()
    {
        ModelZoo.TryGet("asg-base", out var architecture);
        using var network = new MultiTaskNetwork(architecture);
        using var scope = torch.NewDisposeScope();
        var input = SensorFrame.ToInput(SensorFrame.Synthetic(3));
        var stem = network.RunPositions(null, 1, network.StemDepth, input);
        foreach (var task in network.Tasks)
            Assert.That(network.RunPositions(task, 1, network.StemDepth, input).equal(stem).all().item<bool>(), Is.True, task);
    }

    [Test]
    public void The_same_seed_gives_the_same_network_and_another_seed_a_different_one()
    {
        ModelZoo.TryGet("sg-lite", out var architecture);
        using var a = new MultiTaskNetwork(architecture, seed: 1);
        using var b = new MultiTaskNetwork(architecture, seed: 1);
        using var c = new MultiTaskNetwork(architecture, seed: 2);
        using var scope = torch.NewDisposeScope();
        var input = SensorFrame.ToInput(SensorFrame.Synthetic(5));
        var ya = a.Forward(input)["smile"][^1];
        Assert.That(ya.equal(b.Forward(input)["smile"][^1]).all().item<bool>(), Is.True);
        Assert.That(ya.equal(c.Forward(input)["smile"][^1]).all().item<bool>(), Is.False);
    }

    [Test]
    public void Ranges_outside_the_path_are_refused()
    {
        ModelZoo.TryGet("sg-lite", out var architecture);
        using var network = new MultiTaskNetwork(architecture);
        using var input = SensorFrame.ToInput(SensorFrame.Synthetic(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.RunPositions("smile", 0, 1, input));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.RunPositions("smile", 1, network.Depth("smile") + 1, input));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.RunPositions(null, 1, network.StemDepth + 1, input));
        Assert.Throws<KeyNotFoundException>(() => network.RunExit("age", 0, input));
    }
}
