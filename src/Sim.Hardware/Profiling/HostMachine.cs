namespace T2CSim.Hardware.Profiling;

/// <summary>The machine a profile runs on, for the tables' provenance comments.</summary>
public static class HostMachine
{
    public static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is var i and >= 0)
                    return line[(i + 1)..].Trim();
        }
        catch (IOException) { }
        return "unknown CPU";
    }

    public static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    /// <summary>
    /// The clock this core actually runs at, in GHz, measured rather than read: /proc/cpuinfo in a VM
    /// shows the nominal (TSC) frequency, not the boost clock. Times a chain of dependent one-cycle
    /// integer operations (add, xor: one cycle of latency on every x86-64 core since the Pentium
    /// Pro, so the chain runs at one operation per cycle whatever the core's width) and keeps the
    /// fastest of several trials: preemption by other processes only makes a trial slower.
    /// </summary>
    public static double MeasureClockGhz(int trials = 300, long operationsPerTrial = 2_000_000)
    {
        long iterations = operationsPerTrial / OperationsPerIteration;
        DependentChain(1000, 1); // compile before timing
        double best = 0;
        var clock = new System.Diagnostics.Stopwatch();
        for (int t = 0; t < trials; t++)
        {
            clock.Restart();
            long sink = DependentChain(iterations, t + 3);
            clock.Stop();
            GC.KeepAlive(sink);
            best = Math.Max(best, iterations * OperationsPerIteration / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    private const int OperationsPerIteration = 8;

    // Eight dependent one-cycle operations per iteration; the loop counter runs alongside on other ports.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining | System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static long DependentChain(long iterations, long seed)
    {
        long a = seed;
        for (long i = 0; i < iterations; i++)
        {
            a += i; a ^= seed; a += i; a ^= seed;
            a += i; a ^= seed; a += i; a ^= seed;
        }
        return a;
    }

    public static string Describe() =>
        $"{CpuModel()}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, load average {LoadAverage()} at start, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
}
