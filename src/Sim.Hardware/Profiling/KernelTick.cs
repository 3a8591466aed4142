namespace T2CSim.Hardware.Profiling;

using System.IO.Compression;
using System.Text.RegularExpressions;

/// <summary>
/// The scheduler tick of this host's kernel, 1 / CONFIG_HZ (TierExecution.SchedulerTickS, docs/validation.md
/// "The scheduler tick"): CFS charges a running thread's CPU to its group's quota at each tick, so a group
/// runs past a spent quota to the next tick. Read from the kernel's own configuration (/proc/config.gz,
/// else /boot/config-RELEASE), not measured: a probe that reads its thread's CPU clock in a loop makes the
/// kernel account at every read and so hides the tick (the busy-loop probe's small overruns, round 7).
/// </summary>
public static partial class KernelTick
{
    /// <summary>The tick in seconds, or null when the kernel's configuration is not readable here.</summary>
    public static double? ReadS()
    {
        try
        {
            if (File.Exists("/proc/config.gz"))
            {
                using var gz = new GZipStream(File.OpenRead("/proc/config.gz"), CompressionMode.Decompress);
                using var reader = new StreamReader(gz);
                if (FromConfig(reader) is { } hz) return 1.0 / hz;
            }
            string release = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "";
            string boot = $"/boot/config-{release}";
            if (release.Length > 0 && File.Exists(boot))
            {
                using var reader = new StreamReader(boot);
                if (FromConfig(reader) is { } hz) return 1.0 / hz;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException) { }
        return null;
    }

    /// <summary>CONFIG_HZ of a kernel configuration (its `CONFIG_HZ=N` line), or null.</summary>
    public static int? FromConfig(TextReader config)
    {
        for (string? line = config.ReadLine(); line is not null; line = config.ReadLine())
            if (HzLine().Match(line) is { Success: true } m && int.TryParse(m.Groups[1].Value, out int hz) && hz is >= 24 and <= 10000) return hz;
        return null;
    }

    [GeneratedRegex(@"^CONFIG_HZ=(\d+)\s*$")]
    private static partial Regex HzLine();
}
