namespace T2CSim.Hardware.Tests;

using NUnit.Framework;
using T2CSim.Core.Execution;
using T2CSim.Hardware.Profiling;

/// <summary>
/// The quota overrun probe (QuotaOverrunProbe) against the clock it feeds: a group of the device's quota
/// (1 ms per 7.7 ms here), measured, then a burst past quota + overrun from idle must be throttled
/// (the kernel does throttle; the probe did not just run to its limit), and the clock with that overrun
/// must say so too.
/// </summary>
[Category("Slow")]
public sealed class QuotaOverrunProbeTests
{
    [Test]
    public void The_measured_overrun_separates_bursts_the_kernel_lets_pass_from_those_it_throttles()
    {
        if (!CpuQuotaCgroup.Available()) Assert.Ignore("no writable cgroup v1 cpu controller here");
        const int periodUs = 7700, quotaUs = 1000;
        double overrun = QuotaOverrunProbe.MeasureS(periodUs, quotaUs);
        TestContext.Progress.WriteLine($"quota overrun of 1 ms per 7.7 ms: {overrun * 1000:0.000} ms");
        Assert.That(overrun, Is.InRange(0, QuotaOverrunProbe.MaxOverrunS - QuotaOverrunProbe.StepS), "the kernel throttles a burst of quota + 8 ms");
        Assert.That(Directory.Exists(Path.Combine(CpuQuotaCgroup.DefaultRoot, $"t2c-overrun-{Environment.ProcessId}")), Is.False, "the group is removed");
        // The clock with that overrun: quota + overrun from a period's start runs unthrottled; 2 ms more waits for the next period.
        double q = quotaUs / 1e6, p = periodUs / 1e6;
        Assert.That(CpuQuotaClock.FreshPeriodWallS(q + overrun, q, p, overrun), Is.EqualTo(q + overrun).Within(1e-9));
        Assert.That(CpuQuotaClock.FreshPeriodWallS(q + overrun + 0.002, q, p, overrun), Is.GreaterThan(p));
    }
}
