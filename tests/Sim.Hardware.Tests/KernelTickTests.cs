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

    [Test]
    public void A_corrupt_or_missing_configuration_gives_no_tick_and_the_plain_file_is_read_after_it()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"t2c-kerneltick-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            string corrupt = Path.Combine(dir, "config.gz"), plain = Path.Combine(dir, "config");
            File.WriteAllBytes(corrupt, [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // a gzip header, then garbage
            File.WriteAllText(plain, "CONFIG_HZ_100=y\nCONFIG_HZ=100\n");
            Assert.That(KernelTick.ReadS(corrupt, plain), Is.EqualTo(0.01), "the corrupt gzip is skipped, the plain file read");
            Assert.That(KernelTick.ReadS(corrupt, null), Is.Null);
            Assert.That(KernelTick.ReadS(Path.Combine(dir, "absent.gz"), Path.Combine(dir, "absent")), Is.Null);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void A_huge_file_is_read_a_bounded_line_at_a_time()
    {
        // 32 MB on one line, then the HZ line: the long line is skipped, not held whole, and the next is read.
        string dir = Path.Combine(Path.GetTempPath(), $"t2c-kerneltick-huge-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "config");
            using (var w = new StreamWriter(path))
            {
                var chunk = new string('x', 1 << 20);
                for (int i = 0; i < 32; i++) w.Write(chunk);
                w.Write("CONFIG_HZ=300\n");
                w.Write("\nCONFIG_HZ=250\n");
            }
            Assert.That(KernelTick.ReadS(Path.Combine(dir, "absent.gz"), path), Is.EqualTo(1.0 / 250), "a line past the limit is no CONFIG_HZ line");
            long before = GC.GetAllocatedBytesForCurrentThread();
            KernelTick.ReadS(Path.Combine(dir, "absent.gz"), path);
            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(16L << 20), "the 32 MB line was not read into memory whole (a string of it is 64 MB)");
        }
        finally { Directory.Delete(dir, true); }
    }
}
