namespace T2CSim.Tests.Hardware;

using System.Diagnostics;
using T2CSim.Hardware.Profiling;

/// <summary>
/// The host-speed probe measures its own thread's CPU for whole forward passes: a positive amount, and
/// no more than the wall the probe took (one thread cannot use more CPU than time passes; a process or
/// multi-threaded clock could).
/// </summary>
public sealed class HostSpeedProbeTests
{
    [Test, Category("Slow")]
    public void The_probe_is_its_threads_cpu_for_the_zoos_forward_passes()
    {
        var wall = Stopwatch.StartNew();
        double cpu = HostSpeedProbe.MeasureS(rounds: 3, settleS: 0);
        double wallS = wall.Elapsed.TotalSeconds;
        Assert.That(cpu, Is.GreaterThan(0));
        Assert.That(cpu, Is.LessThan(wallS), "lower quartiles of one thread's CPU within the probe's wall");
        Assert.Throws<ArgumentOutOfRangeException>(() => HostSpeedProbe.MeasureS(rounds: 0));
    }

    [Test, Category("Slow")]
    public void Under_a_quota_the_probe_runs_in_a_group_of_its_own_and_removes_it()
    {
        if (!CpuQuotaCgroup.Available()) Assert.Ignore("no writable cgroup v1 cpu controller here");
        var wall = Stopwatch.StartNew();
        double cpu = HostSpeedProbe.MeasureUnderQuotaS(periodUs: 7700, quotaUs: 1000, rounds: 2, settleS: 0);
        Assert.That(cpu, Is.GreaterThan(0));
        // Two rounds of the zoo under 1 ms per 7.7 ms: the timed CPU's lower quartiles (2 rounds: at least one
        // round's worth, cpu) took at least cpu / 0.13 of wall, less one period's quota per period boundary spent.
        Assert.That(wall.Elapsed.TotalSeconds, Is.GreaterThan(cpu * 7.7 * 0.8), "throttled to its share");
        Assert.That(Directory.Exists(Path.Combine(CpuQuotaCgroup.DefaultRoot, $"t2c-host-probe-{Environment.ProcessId}")), Is.False, "the group is removed");
        // A whole CPU or no period: unthrottled, no group.
        Assert.That(HostSpeedProbe.MeasureUnderQuotaS(periodUs: 0, quotaUs: 0, rounds: 1, settleS: 0), Is.GreaterThan(0));
    }
}
