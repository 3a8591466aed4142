namespace T2CSim.Hardware.Transport;

using System.Diagnostics;
using System.Runtime.InteropServices;

/// <summary>
/// Sleeps to within tens of microseconds of a deadline without spinning. Thread.Sleep takes whole
/// milliseconds (a 1.6 ms wait becomes 1 or 2 ms); on Linux this calls nanosleep(2) with the exact
/// remainder, which the kernel honours to its timer slack (50 us by default). Spinning is never an
/// option here: an agent runs under its tier's CPU quota, and a spin would spend that quota and get
/// the whole process throttled for the rest of a CFS period.
/// </summary>
public static class PreciseSleep
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "nanosleep")]
    private static extern int NanoSleep(ref Timespec request, IntPtr remaining);

    private static bool _native = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    /// <summary>Returns once `clock` reads at least `timeS` seconds (at once if it already does).</summary>
    public static void Until(Stopwatch clock, double timeS)
    {
        while (true)
        {
            double left = timeS - clock.Elapsed.TotalSeconds;
            if (left <= 20e-6) return;
            For(left);
        }
    }

    /// <summary>Sleeps about `seconds` (one system call; may return early on a signal).</summary>
    public static void For(double seconds)
    {
        if (_native)
        {
            try
            {
                long ns = (long)(seconds * 1e9);
                var request = new Timespec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
                NanoSleep(ref request, IntPtr.Zero);
                return;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { _native = false; }
        }
        Thread.Sleep(TimeSpan.FromMilliseconds(Math.Max(1, Math.Round(seconds * 1000))));
    }
}
