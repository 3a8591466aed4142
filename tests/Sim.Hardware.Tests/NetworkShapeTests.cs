namespace T2CSim.Tests.Hardware;

using T2CSim.Hardware.Models;

/// <summary>The five networks have the shapes the docs promise, and differ in demand.</summary>
// Builds the five full networks in TorchSharp (and loads libtorch): seconds, not milliseconds.
[Category("Slow")]
public class NetworkShapeTests
{
    [Test]
    public void Five_models_each_with_at_least_two_early_exits_per_task_and_a_final_exit()
    {
        Assert.That(ModelZoo.Names, Is.EquivalentTo(new[] { "asg-base", "sg-lite", "ag-deep", "se-wide", "asge-base" }));
        foreach (var architecture in ModelZoo.All)
        {
            using var network = new MultiTaskNetwork(architecture);
            foreach (var task in network.Tasks)
            {
                var exits = network.Exits(task);
                Assert.That(exits.Count(e => !e.IsFinal && e.After <= network.StemDepth), Is.GreaterThanOrEqualTo(2), $"{architecture.Name} {task}");
                Assert.That(exits[^1].IsFinal && exits[^1].After == network.Depth(task), Is.True);
                // Accuracy grows with exit depth and never beats the final exit.
                for (int i = 1; i < exits.Count; i++) Assert.That(exits[i].Accuracy, Is.GreaterThan(exits[i - 1].Accuracy));
            }
        }
    }

    [Test]
    public void Output_sizes_follow_the_architecture()
    {
        ModelZoo.TryGet("asg-base", out var architecture);
        using var network = new MultiTaskNetwork(architecture);
        var path = network.Path("age");
        Assert.That(path.Select(p => p.OutputBytes), Is.EqualTo(new long[] { 32 * 24 * 24 * 4, 64 * 12 * 12 * 4, 128 * 6 * 6 * 4, 256 * 3 * 3 * 4, 256 * 4, 128 * 4 }));
        Assert.That(path.Select(p => p.Name), Is.EqualTo(new[] { "block1", "block2", "block3", "block4", "age.fc1", "age.fc2" }));
        Assert.That(network.Exits("age").Select(e => e.OutputBytes).Distinct(), Is.EqualTo(new long[] { 8 * 4 }));
    }

    [Test]
    public void Early_exit_accuracy_keeps_the_square_root_share_of_the_margin_over_chance()
    {
        Assert.That(ExitAccuracy.EarlyExit(0.92, 2, 1, 4), Is.EqualTo(0.5 + 0.42 * 0.5).Within(1e-4));
        Assert.That(ExitAccuracy.EarlyExit(0.92, 2, 4, 4), Is.EqualTo(0.92).Within(1e-4));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExitAccuracy.EarlyExit(0.92, 2, 0, 4));
    }
}
