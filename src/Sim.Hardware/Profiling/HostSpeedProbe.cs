namespace T2CSim.Hardware.Profiling;

using T2CSim.Hardware.Models;
using T2CSim.Hardware.Runtime;
using TorchSharp;

/// <summary>
/// How fast this host runs the agents' kind of work right now: the CPU seconds (the thread's own CPU
/// clock, so not the wall a busy neighbour stretches) of one whole forward pass of every network of the
/// zoo, the lower quartile of <c>rounds</c> rounds each, summed. On the shared VM of the validation rounds the same
/// stage took 1.2, then 1.7, then 1.2 x its table's CPU within forty minutes (docs/validation.md,
/// "Round 9"), and no description fitted at one moment carries that: `t2c calibrate` records the
/// probe with its terms (TestbedDescription.HostProbeS), and `t2c validate` probes again around each
/// testbed run and simulates the description at the ratio (TestbedDescription.AtHostSpeed). The probe
/// runs no validation scenario and sees none of its requests: it measures the host, not the run.
/// Each network's figure is the lower quartile of its rounds, not their median, and the probe first
/// lets the process settle (a collection, half a second): a probe taken as a run's agents were exiting,
/// or as this process collected the simulated runs' garbage, read 36 ms where the probes around it read
/// 25-27 (docs/validation.md, "Round 10"). Such a disturbance only adds CPU (the thread's caches
/// evicted while it waits), so the lower rounds are the host's speed. About two seconds on this machine.
/// </summary>
public static class HostSpeedProbe
{
    public const int DefaultRounds = 40;

    /// <summary>How long the probe waits, after a collection, before it measures.</summary>
    public const double SettleS = 0.5;

    /// <summary>The probe's CPU seconds (sum over the networks of their lower-quartile forward); NaN where the thread's CPU clock cannot be read.</summary>
    public static double MeasureS(int rounds = DefaultRounds, double settleS = SettleS)
    {
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(rounds), "at least one round");
        if (double.IsNaN(ThreadCpuClock.NowS())) return double.NaN;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (settleS > 0) Thread.Sleep(TimeSpan.FromSeconds(settleS));
        TorchRuntime.Configure();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var networks = ModelZoo.All.Select(a => new MultiTaskNetwork(a)).ToList();
        var input = SensorFrame.ToInput(SensorFrame.Synthetic(1));
        // Three warm-up passes each: libtorch's first call allocates and picks its kernels.
        for (int w = 0; w < 3; w++)
            foreach (var network in networks) Forward(network, input);
        // Interleaved rounds, as the profiler's: a slow moment spreads over every network.
        var cpu = networks.Select(_ => new double[rounds]).ToArray();
        for (int r = 0; r < rounds; r++)
            for (int i = 0; i < networks.Count; i++)
            {
                double before = ThreadCpuClock.NowS();
                Forward(networks[i], input);
                cpu[i][r] = ThreadCpuClock.NowS() - before;
            }
        foreach (var network in networks) network.Dispose();
        return cpu.Sum(LowerQuartile);
    }

    private static void Forward(MultiTaskNetwork network, torch.Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        network.Forward(input);
    }

    /// <summary>The 25th percentile, linear between order statistics.</summary>
    private static double LowerQuartile(double[] values)
    {
        var sorted = values.Order().ToArray();
        double at = 0.25 * (sorted.Length - 1);
        int lo = (int)at;
        return lo + 1 < sorted.Length ? sorted[lo] + (at - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }
}
