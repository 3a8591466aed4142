namespace T2CSim.Hardware.Profiling;

using System.Diagnostics;

/// <summary>
/// Measures how far past its spent quota the kernel lets a CPU group run before throttling it
/// (TierExecution.QuotaOverrunS, docs/validation.md "The quota's overrun"). One thread joins a fresh
/// group of the tier's quota and period, waits long enough for the group to hold a whole quota, and
/// then spins for c of its own CPU time (CLOCK_THREAD_CPUTIME_ID), timing the wall: unthrottled, the
/// wall is c; throttled, it holds a wait for the next period. The sizes go up from the quota in
/// steps; the overrun is the largest size that at least half the trials ran unthrottled, less the
/// quota (the median burst, as the simulator's clock uses one overrun). Linux with a writable cgroup
/// v1 cpu controller (root) only; a few seconds per quota.
/// Reading its CPU clock makes the kernel charge the thread at every read, so the probe sees a spent
/// quota noticed at once, where a stage that reads no clock is charged at the scheduler's tick
/// (KernelTick, docs/validation.md "The scheduler tick"): `t2c calibrate` runs it only where the
/// kernel's tick cannot be read.
/// </summary>
public static class QuotaOverrunProbe
{
    /// <summary>Steps of burst size above the quota, and how far they go.</summary>
    public const double StepS = 0.000125, MaxOverrunS = 0.008;

    /// <summary>Trials per burst size.</summary>
    public const int Trials = 15;

    /// <summary>The overrun of a group of <paramref name="quotaUs"/> per <paramref name="periodUs"/>, seconds.</summary>
    public static double MeasureS(int periodUs, int quotaUs, string root = CpuQuotaCgroup.DefaultRoot)
    {
        if (periodUs <= 0 || quotaUs <= 0 || quotaUs >= periodUs) return 0;
        return CpuQuotaCgroup.OnOwnThread("quota overrun probe", $"t2c-overrun-{Environment.ProcessId}", periodUs, quotaUs,
            group => Probe(group, root, periodUs / 1e6, quotaUs / 1e6), root);
    }

    private static double Probe(string groupPath, string root, double periodS, double quotaS)
    {
        // Only this thread is throttled.
        string tid = CpuQuotaCgroup.JoinThread(groupPath);
        try
        {
            // Deterministic jitter of the start within a period (a job arrives at any phase).
            var jitter = new Random(20261201);
            double best = 0;
            for (double extra = 0; extra <= MaxOverrunS + 1e-12; extra += StepS)
            {
                double cpuS = quotaS + extra;
                int unthrottled = 0;
                for (int i = 0; i < Trials; i++)
                {
                    // Idle for several periods: the group's quota is whole again, any earlier overrun paid.
                    Thread.Sleep(TimeSpan.FromSeconds(Math.Max(0.02, 4 * periodS) + jitter.NextDouble() * periodS));
                    double wallS = Spin(cpuS);
                    // Throttled, the wall holds a wait for the next period's quota; a preemption of a
                    // few tens of microseconds is not one.
                    if (wallS < cpuS + Math.Min(0.5 * (periodS - quotaS), 0.0005)) unthrottled++;
                }
                if (2 * unthrottled < Trials) break;
                best = extra;
            }
            return best;
        }
        finally
        {
            CpuQuotaCgroup.LeaveThread(root, tid);
        }
    }

    /// <summary>Spins until this thread has used <paramref name="cpuS"/> of CPU; the wall time it took.</summary>
    private static double Spin(double cpuS)
    {
        long start = Stopwatch.GetTimestamp();
        double cpu0 = ThreadCpuS();
        while (ThreadCpuS() - cpu0 < cpuS) { }
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double ThreadCpuS() =>
        ThreadCpuClock.NowS() is var s && double.IsFinite(s) ? s : throw new IOException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
}
