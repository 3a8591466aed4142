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
        Settle(settleS);
        return Run(rounds, joinGroup: null);
    }

    /// <summary>Rounds of the probe under a tier's quota: fewer, as a 13 % share stretches each about eight times.</summary>
    public const int QuotaRounds = 10;

    /// <summary>
    /// The probe's CPU seconds on one thread inside a fresh CPU group of <paramref name="quotaUs"/> per
    /// <paramref name="periodUs"/> (a tier's quota, as its agent runs), so that what throttling does to
    /// a stage's CPU is in the figure. Why: the same forward passes cost 1.37 x the CPU under the
    /// device's 13 % share as unthrottled (24.5 against 33.7 ms, 1 December 2026; presumably each 1 ms
    /// slice resuming on caches and clocks that other work on the host's cores moved meanwhile); and
    /// over one evening the agents' CPU per stage rose 20-25 % where the unthrottled probe rose 6-8 %
    /// (docs/validation.md, "Round 12"). The warm-up runs outside the group; the thread joins it
    /// (cgroup v1 `tasks`, the thread alone) for the timed rounds and leaves it after. Unthrottled (no
    /// group) where the quota is a whole CPU or none; NaN where the thread's CPU clock cannot be read.
    /// Linux with a writable cgroup v1 cpu controller (root) for a quota. `t2c bench host-speed --share S
    /// --period-ms P` runs it alone; RunSpeedProbe samples the same passes through a whole run.
    /// </summary>
    public static double MeasureUnderQuotaS(int periodUs, int quotaUs, int rounds = QuotaRounds, double settleS = SettleS, string root = CpuQuotaCgroup.DefaultRoot)
    {
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(rounds), "at least one round");
        if (double.IsNaN(ThreadCpuClock.NowS())) return double.NaN;
        Settle(settleS);
        if (periodUs <= 0 || quotaUs <= 0 || quotaUs >= periodUs) return Run(rounds, joinGroup: null);
        return CpuQuotaCgroup.OnOwnThread("host-speed probe under a quota", $"t2c-host-probe-{Environment.ProcessId}", periodUs, quotaUs,
            group => Run(rounds, joinGroup: (group, root)), root);
    }

    private static void Settle(double settleS)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (settleS > 0) Thread.Sleep(TimeSpan.FromSeconds(settleS));
    }

    /// <summary>The forward passes on this thread: warm-up, then (in the group, if one is given) the timed rounds.</summary>
    private static double Run(int rounds, (string Group, string Root)? joinGroup)
    {
        TorchRuntime.Configure();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var networks = ModelZoo.All.Select(a => new MultiTaskNetwork(a)).ToList();
        var input = SensorFrame.ToInput(SensorFrame.Synthetic(1));
        // Three warm-up passes each: libtorch's first call allocates and picks its kernels.
        for (int w = 0; w < 3; w++)
            foreach (var network in networks) Forward(network, input);
        string? tid = joinGroup is { } g ? CpuQuotaCgroup.JoinThread(g.Group) : null;
        try
        {
            // Interleaved rounds, as the profiler's: a slow moment spreads over every network.
            var cpu = networks.Select(_ => new double[rounds]).ToArray();
            for (int r = 0; r < rounds; r++)
                for (int i = 0; i < networks.Count; i++)
                {
                    double before = ThreadCpuClock.NowS();
                    Forward(networks[i], input);
                    cpu[i][r] = ThreadCpuClock.NowS() - before;
                }
            return cpu.Sum(LowerQuartile);
        }
        finally
        {
            if (tid is not null) CpuQuotaCgroup.LeaveThread(joinGroup!.Value.Root, tid);
            foreach (var network in networks) network.Dispose();
        }
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
