namespace T2CSim.Hardware.Profiling;

using System.Globalization;
using System.Runtime.InteropServices;

/// <summary>
/// Pins every thread of this process to one CPU (sched_setaffinity on each thread; threads started
/// later inherit it from the thread that starts them).
///
/// Why a quota'd agent needs it: CFS bandwidth control hands the group's quota to each CPU's run queue
/// in slices, and a run queue that goes idle keeps up to 1 ms of it (min_cfs_rq_runtime). With a
/// tier's quota of about 1 ms per period, the agent's poller, worker and link threads, woken on
/// different CPUs, find the quota parked on the other CPU and are throttled for the rest of the
/// period (up to 6 ms on the device) although the process used a fraction of its share. Measured
/// here: device agent 1.4 % CPU, throttled in 79 % of its periods. On one CPU all threads draw on the
/// same run queue's runtime, and the quota means what it says.
/// </summary>
public static class CpuAffinity
{
    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static extern int SchedSetAffinity(int tid, nuint size, ref ulong mask);

    /// <summary>Pins all threads to `cpu` (0..63); returns how many threads were pinned (0 where unsupported).</summary>
    public static int PinProcess(int cpu)
    {
        if (cpu is < 0 or > 63) throw new ArgumentOutOfRangeException(nameof(cpu), "CPU 0..63");
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc/self/task")) return 0;
        int pinned = 0;
        ulong mask = 1UL << cpu;
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out int tid)) continue;
            if (SchedSetAffinity(tid, sizeof(ulong), ref mask) == 0) pinned++;
        }
        return pinned;
    }
}
