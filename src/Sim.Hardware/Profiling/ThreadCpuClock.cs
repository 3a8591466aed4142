namespace T2CSim.Hardware.Profiling;

using System.Runtime.InteropServices;

/// <summary>
/// The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID): what the kernel charged this thread, and so
/// its cgroup's quota, whatever the wall. An agent reads it around each stage (the stage report's CPU),
/// which the calibration fits the tier's compute terms to directly instead of inferring the CPU from
/// walls through the quota model (docs/validation.md, "A stage's CPU, measured"). A read makes the
/// kernel bring the thread's runtime up to date (a scheduling event): done twice per stage, at points
/// where the worker starts or stops anyway.
/// </summary>
public static class ThreadCpuClock
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private const int ClockThreadCpuTimeId = 3;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGettime(int clock, out Timespec time);

    /// <summary>The thread's CPU seconds so far; NaN where the clock cannot be read (not Linux).</summary>
    public static double NowS()
    {
        try { return ClockGettime(ClockThreadCpuTimeId, out var t) == 0 ? t.Seconds + t.Nanoseconds / 1e9 : double.NaN; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return double.NaN; }
    }
}
