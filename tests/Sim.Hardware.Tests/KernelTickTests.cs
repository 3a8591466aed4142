namespace T2CSim.Hardware.Tests;

using System.IO.Compression;
using NUnit.Framework;
using T2CSim.Hardware.Profiling;

/// <summary>The scheduler tick read from a kernel's configuration (KernelTick; TierExecution.SchedulerTickS).</summary>
public class KernelTickTests
{
    [Test]
    public void The_tick_is_the_configurations_HZ_line_and_nothing_else()
    {
        Assert.That(KernelTick.FromConfig(new StringReader("CONFIG_NO_HZ_IDLE=y\nCONFIG_HZ_250=y\nCONFIG_HZ=250\n")), Is.EqualTo(250));
        Assert.That(KernelTick.FromConfig(new StringReader("# CONFIG_HZ_1000 is not set\nCONFIG_HZ=1000")), Is.EqualTo(1000));
        Assert.That(KernelTick.FromConfig(new StringReader("CONFIG_HZ_250=y\nCONFIG_NO_HZ=y\n")), Is.Null, "no CONFIG_HZ line");
        Assert.That(KernelTick.FromConfig(new StringReader("CONFIG_HZ=fast\n")), Is.Null);
        Assert.That(KernelTick.FromConfig(new StringReader("CONFIG_HZ=0\n")), Is.Null, "not a tick rate");
    }

    [Test]
    public void On_this_host_it_is_the_running_kernels_own()
    {
        Assume.That(File.Exists("/proc/config.gz"), "the kernel exposes its configuration");
        using var reader = new StreamReader(new GZipStream(File.OpenRead("/proc/config.gz"), CompressionMode.Decompress));
        int hz = KernelTick.FromConfig(reader) ?? throw new AssertionException("/proc/config.gz has no CONFIG_HZ");
        Assert.That(KernelTick.ReadS(), Is.EqualTo(1.0 / hz));
    }
}
