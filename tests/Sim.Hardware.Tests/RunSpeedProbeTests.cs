namespace T2CSim.Tests.Hardware;

using T2CSim.Hardware.Profiling;

/// <summary>
/// The run's speed probe (RunSpeedProbe) samples every network of the zoo on one thread per tier while
/// it runs, the throttled tier in a group of its own that is gone after Stop, and gives each tier the
/// sum of its networks' median passes.
/// </summary>
[Category("Slow")]
public sealed class RunSpeedProbeTests
{
    [Test]
    public void Each_tier_samples_every_network_until_stopped_and_leaves_no_group()
    {
        if (!CpuQuotaCgroup.Available()) Assert.Ignore("no writable cgroup v1 cpu controller here");
        var probe = RunSpeedProbe.Start([(1, 0), (0.13, 0.0077)], intervalS: 0.02);
        Thread.Sleep(TimeSpan.FromSeconds(4));
        double[] figures = probe.Stop();
        Assert.That(figures, Has.Length.EqualTo(2).And.All.GreaterThan(0));
        for (int k = 0; k < 2; k++)
        {
            var samples = probe.Samples[k];
            Assert.That(samples.Select(n => n.Count), Has.All.GreaterThan(0), $"tier {k}: every network sampled");
            Assert.That(figures[k], Is.EqualTo(RunSpeedProbe.Figure(samples)), "the figure is the sum of the networks' medians");
        }
        Assert.That(Directory.GetDirectories(CpuQuotaCgroup.DefaultRoot, $"t2c-run-probe-{Environment.ProcessId}-*"), Is.Empty, "the groups are removed");
        probe.Dispose();
    }

    [Test]
    public void The_figure_is_the_sum_of_the_networks_median_passes()
    {
        IReadOnlyList<double>[] byNetwork = [new[] { 0.003, 0.001, 0.002 }, new[] { 0.010, 0.014 }];
        Assert.That(RunSpeedProbe.Figure(byNetwork), Is.EqualTo(0.002 + 0.012).Within(1e-15));
        Assert.That(RunSpeedProbe.Figure([new[] { 0.003 }, Array.Empty<double>()]), Is.NaN, "a network without a pass");
    }
}
