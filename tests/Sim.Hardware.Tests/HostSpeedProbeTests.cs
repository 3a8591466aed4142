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
}
