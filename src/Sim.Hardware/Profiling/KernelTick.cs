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
        string release = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "";
        return ReadS("/proc/config.gz", release.Length > 0 ? $"/boot/config-{release}" : null);
    }

    /// <summary>
    /// The tick from a gzipped configuration (<paramref name="gzipPath"/>), else a plain one
    /// (<paramref name="plainPath"/>); null when neither has a CONFIG_HZ line. A missing, corrupt or
    /// unreadable file counts as none (the caller then probes instead); files are read a line at a time.
    /// </summary>
    public static double? ReadS(string gzipPath, string? plainPath)
    {
        if (FromFile(gzipPath, gzip: true) is { } hz) return 1.0 / hz;
        if (plainPath is not null && FromFile(plainPath, gzip: false) is { } plainHz) return 1.0 / plainHz;
        return null;
    }

    private static int? FromFile(string path, bool gzip)
    {
        try
        {
            if (!File.Exists(path)) return null;
            using var file = File.OpenRead(path);
            using var reader = new StreamReader(gzip ? new GZipStream(file, CompressionMode.Decompress) : file);
            return FromConfig(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException) { return null; }
    }

    /// <summary>CONFIG_HZ of a kernel configuration (its `CONFIG_HZ=N` line), or null.</summary>
    public static int? FromConfig(TextReader config)
    {
        // A kernel's configuration is a few hundred kB of short lines; a file that is not one (a line
        // of megabytes) is not read into memory whole: past the limit it has no CONFIG_HZ.
        for (string? line = ReadBounded(config); line is not null; line = ReadBounded(config))
            if (HzLine().Match(line) is { Success: true } m && int.TryParse(m.Groups[1].Value, out int hz) && hz is >= 24 and <= 10000) return hz;
        return null;
    }

    /// <summary>Longest line read whole; a longer one is skipped to its end.</summary>
    public const int MaxLineChars = 4096;

    private static string? ReadBounded(TextReader reader)
    {
        var line = new System.Text.StringBuilder();
        bool any = false, tooLong = false;
        for (int c = reader.Read(); c >= 0; c = reader.Read())
        {
            any = true;
            if (c == '\n') break;
            if (line.Length < MaxLineChars) line.Append((char)c);
            else tooLong = true;
        }
        if (!any) return null;
        return tooLong ? "" : line.ToString().TrimEnd('\r');
    }

    [GeneratedRegex(@"^CONFIG_HZ=(\d+)\s*$")]
    private static partial Regex HzLine();
}
