namespace T2CSim.Experiments.Commands.Bench.Kernel;

/// <summary>
/// What one benchmark run counted (timeouts, processes, events), its wall time (Stopwatch) and the
/// CPU time the process used meanwhile. The CPU rate stays meaningful on a shared, busy machine,
/// where the wall rate also measures the neighbours.
/// </summary>
internal readonly record struct Measurement(long Count, TimeSpan Elapsed, TimeSpan CpuTime)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;
    public double PerCpuSecond => Count / CpuTime.TotalSeconds;
}

/// <summary>Wall and CPU clocks started together.</summary>
internal readonly struct BenchClock
{
    private readonly System.Diagnostics.Stopwatch _wall;
    private readonly TimeSpan _cpuAtStart;

    private BenchClock(System.Diagnostics.Stopwatch wall, TimeSpan cpuAtStart)
    {
        _wall = wall;
        _cpuAtStart = cpuAtStart;
    }

    public static BenchClock Start()
    {
        var cpu = Environment.CpuUsage.TotalTime;
        return new BenchClock(System.Diagnostics.Stopwatch.StartNew(), cpu);
    }

    public Measurement Stop(long count)
    {
        var wall = _wall.Elapsed;
        return new Measurement(count, wall, Environment.CpuUsage.TotalTime - _cpuAtStart);
    }
}

/// <summary>A counter a benchmark process can bump (an iterator cannot take a ref parameter).</summary>
internal sealed class Counter
{
    public long Value;
}
