namespace T2CSim.Experiments.Commands.Bench.Kernel;

/// <summary>What one benchmark run counted (timeouts, processes, events) and how long it took.</summary>
internal readonly record struct Measurement(long Count, TimeSpan Elapsed)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;
}

/// <summary>A counter a benchmark process can bump (an iterator cannot take a ref parameter).</summary>
internal sealed class Counter
{
    public long Value;
}
