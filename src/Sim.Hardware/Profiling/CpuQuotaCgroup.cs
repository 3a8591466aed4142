namespace T2CSim.Hardware.Profiling;

using System.Globalization;
using System.Runtime.InteropServices;

/// <summary>
/// A child cgroup (v1 cpu controller) with a CFS bandwidth quota, for running one tier's profile at
/// that tier's emulated speed. Disposing removes it; a process inside must have exited first.
/// </summary>
public sealed class CpuQuotaCgroup : IDisposable
{
    public const string DefaultRoot = "/sys/fs/cgroup/cpu";

    /// <summary>
    /// Group weight while contended: the largest the kernel takes (the default is 1024), so on a shared
    /// machine the profile is not slowed by others' builds. A tier's quota still caps it below one CPU;
    /// the unthrottled host run holds one core while it lasts (one torch thread).
    /// </summary>
    public const int Shares = 262144;

    public string Path { get; }
    public int PeriodUs { get; }
    public int QuotaUs { get; }

    private CpuQuotaCgroup(string path, int periodUs, int quotaUs)
    {
        Path = path;
        PeriodUs = periodUs;
        QuotaUs = quotaUs;
    }

    /// <summary>Whether a cpu cgroup with a CFS quota can be created here (cgroup v1 mounted and writable).</summary>
    public static bool Available(string root = DefaultRoot)
    {
        if (!File.Exists(System.IO.Path.Combine(root, "cpu.cfs_quota_us"))) return false;
        string probe = System.IO.Path.Combine(root, $"t2c-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    public static CpuQuotaCgroup Create(string name, int periodUs, int quotaUs, string root = DefaultRoot)
    {
        string path = System.IO.Path.Combine(root, name);
        Directory.CreateDirectory(path);
        var group = new CpuQuotaCgroup(path, periodUs, quotaUs);
        try
        {
            // Period first: the kernel checks each write against the current pair. Quota -1 = unthrottled.
            if (periodUs > 0) group.Write("cpu.cfs_period_us", periodUs);
            group.Write("cpu.cfs_quota_us", quotaUs);
            group.Write("cpu.shares", Shares);
        }
        catch
        {
            group.Dispose();
            throw;
        }
        return group;
    }

    /// <summary>Moves a whole process (all its threads) into the group.</summary>
    public static void Join(string groupPath, int processId) =>
        File.WriteAllText(System.IO.Path.Combine(groupPath, "cgroup.procs"), processId.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Runs <paramref name="work"/> on a fresh thread beside a fresh group of this quota (the work moves its
    /// own thread in, with <see cref="JoinThread"/>, when it is ready to be throttled), then moves any
    /// thread left inside back to the root and removes the group. A failure of the work comes back as an
    /// IOException naming <paramref name="what"/> and the group.
    /// </summary>
    public static T OnOwnThread<T>(string what, string name, int periodUs, int quotaUs, Func<string, T> work, string root = DefaultRoot)
    {
        using var group = Create(name, periodUs, quotaUs, root);
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(group.Path); }
            catch (Exception e) { failure = e; }
        }) { IsBackground = true, Name = "t2c " + what };
        thread.Start();
        thread.Join();
        MoveThreadsOut(group.Path, root);
        if (failure is not null) throw new IOException($"{what} in {group.Path}: {failure.Message}", failure);
        return result;
    }

    /// <summary>Moves the calling thread alone into the group (cgroup v1 takes a thread id in `tasks`); its id, for <see cref="LeaveThread"/>.</summary>
    public static string JoinThread(string groupPath)
    {
        string tid = Gettid().ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(System.IO.Path.Combine(groupPath, "tasks"), tid);
        return tid;
    }

    /// <summary>Moves a thread back to the root group.</summary>
    public static void LeaveThread(string root, string tid) => File.WriteAllText(System.IO.Path.Combine(root, "tasks"), tid);

    /// <summary>
    /// Threads the runtime started from a thread while it was in the group (the tiered JIT's background
    /// compiler, say) inherited the group: moved back to the root, or the group could not be removed (a
    /// calibration once left `t2c-overrun-PID` behind).
    /// </summary>
    public static void MoveThreadsOut(string groupPath, string root)
    {
        string tasks = System.IO.Path.Combine(groupPath, "tasks");
        if (!File.Exists(tasks)) return;
        foreach (string tid in File.ReadAllLines(tasks).Where(l => l.Length > 0))
        {
            try { LeaveThread(root, tid); }
            catch (IOException) { } // the thread has exited meanwhile
        }
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int Gettid();

    /// <summary>Times the group's processes were throttled and for how long, from cpu.stat.</summary>
    public (long Periods, long Throttled, double ThrottledMs) Stat()
    {
        long periods = 0, throttled = 0, ns = 0;
        foreach (var line in File.ReadAllLines(System.IO.Path.Combine(Path, "cpu.stat")))
        {
            var parts = line.Split(' ');
            if (parts.Length != 2 || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var v)) continue;
            if (parts[0] == "nr_periods") periods = v;
            else if (parts[0] == "nr_throttled") throttled = v;
            else if (parts[0] == "throttled_time") ns = v;
        }
        return (periods, throttled, ns / 1e6);
    }

    private void Write(string file, int value) =>
        File.WriteAllText(System.IO.Path.Combine(Path, file), value.ToString(CultureInfo.InvariantCulture));

    public void Dispose()
    {
        // rmdir fails while a task is still inside; retry briefly, as the child may be exiting.
        for (int attempt = 0; attempt < 50 && Directory.Exists(Path); attempt++)
        {
            try { Directory.Delete(Path); }
            catch (IOException) { Thread.Sleep(100); }
        }
    }
}
