namespace T2CSim.Experiments.Commands.Bench;

using System.Globalization;
using System.Runtime.InteropServices;
using T2CSim.Core;

/// <summary>
/// Pins the whole process to one CPU, so that a benchmark's goal "on one core" is what is measured:
/// unpinned, the JIT's and the runtime's other threads ran on the second core and the process's CPU
/// time exceeded its wall time (docs/topology.md, "Scale"). Linux's sched_setaffinity pins one thread
/// (Process.ProcessorAffinity pins only the main one), so every thread of the process is pinned, and
/// threads started later inherit their creator's CPU.
/// </summary>
internal static class CpuPinning
{
    /// <summary>`--cpu`: a CPU number, "none" (no pinning) or null (the highest CPU this process may use).</summary>
    public static string Apply(string? cpu)
    {
        if (string.Equals(cpu, "none", StringComparison.OrdinalIgnoreCase)) return "not pinned (--cpu none)";
        if (!OperatingSystem.IsLinux()) throw new UserInputException(null, "--cpu", "pinning to one CPU needs Linux (use --cpu none)");
        ulong allowed = Allowed();
        int chosen;
        if (cpu is null) chosen = 63 - System.Numerics.BitOperations.LeadingZeroCount(allowed);
        else if (!int.TryParse(cpu, NumberStyles.None, CultureInfo.InvariantCulture, out chosen) || chosen > 63 || (allowed & (1UL << chosen)) == 0)
            throw new UserInputException(null, "--cpu", $"{cpu}: not a CPU this process may run on (allowed: {Describe(allowed)}), or \"none\"");
        ulong mask = 1UL << chosen;
        int threads = 0;
        foreach (var task in Directory.GetDirectories("/proc/self/task"))
        {
            int tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
            // A thread that ended since the listing is not an error.
            if (sched_setaffinity(tid, sizeof(ulong), ref mask) == 0) threads++;
            else if (Marshal.GetLastPInvokeError() != 3) throw new UserInputException(null, "--cpu", $"sched_setaffinity failed for thread {tid}: errno {Marshal.GetLastPInvokeError()}");
        }
        return $"pinned to CPU {chosen} ({threads} threads; of CPUs {Describe(allowed)})";
    }

    private static ulong Allowed()
    {
        ulong mask = 0;
        if (sched_getaffinity(0, sizeof(ulong), ref mask) != 0) throw new UserInputException(null, "--cpu", $"sched_getaffinity failed: errno {Marshal.GetLastPInvokeError()}");
        return mask;
    }

    private static string Describe(ulong mask) =>
        string.Join(",", Enumerable.Range(0, 64).Where(c => (mask & (1UL << c)) != 0));

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setaffinity(int pid, nint cpusetsize, ref ulong mask);

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_getaffinity(int pid, nint cpusetsize, ref ulong mask);
}
