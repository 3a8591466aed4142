namespace T2CSim.Experiments.Commands.Bench.Kernel;

using T2CSim.Core.Kernel;
using T2CSim.Core.Randomness;

/// <summary>
/// SimSharp 3.4's synthetic benchmark (src/Benchmark/SyntheticBenchmark.cs), rebuilt on our kernel.
/// SimSharp stops each run after a wall-clock time; we stop after a fixed amount of work instead,
/// so a run is deterministic and its count is known in advance.
/// </summary>
internal static class SyntheticWorkloads
{
    /// <summary>
    /// n concurrent processes, each looping on a timeout uniform in [0, 2n]: the event-queue test.
    /// Each process fires 1/n timeouts per simulated second, so running until T yields about T timeouts.
    /// </summary>
    public static Measurement ConcurrentTimeouts(int n, long timeouts)
    {
        var sim = new Simulation(seed: 1);
        var count = new Counter();
        var delays = sim.Random.Stream("bench:delays");
        for (int i = 0; i < n; i++) sim.Process(TimeoutLoop(sim, delays, 2.0 * n, count));
        var clock = BenchClock.Start();
        sim.Run(until: timeouts);
        return clock.Stop(count.Value);
    }

    private static IEnumerable<Event> TimeoutLoop(Simulation sim, RandomStream delays, double maxDelay, Counter count)
    {
        while (true)
        {
            yield return sim.Timeout(delays.Uniform(0, maxDelay));
            count.Value++;
        }
    }

    /// <summary>One source that starts an empty child process and waits for it, again and again.</summary>
    public static Measurement ProcessCreation(long processes)
    {
        var sim = new Simulation(seed: 1);
        var count = new Counter();
        sim.Process(Source(sim, processes, count));
        var clock = BenchClock.Start();
        sim.Run();
        return clock.Stop(count.Value);
    }

    private static IEnumerable<Event> Source(Simulation sim, long processes, Counter count)
    {
        for (long i = 0; i < processes; i++)
        {
            yield return sim.Process(EmptyBody());
            count.Value++;
        }
    }

    private static IEnumerable<Event> EmptyBody()
    {
        yield break;
    }

    /// <summary>
    /// Two processes taking turns on a capacity-1 resource: request, hold for a timeout, release.
    /// (SimSharp yields the event its Release returns instead of a hold timeout: the same two
    /// events per cycle.)
    /// </summary>
    public static Measurement SeizeRelease(long cycles)
    {
        var sim = new Simulation(seed: 1);
        var count = new Counter();
        var resource = new Resource(sim, capacity: 1);
        sim.Process(SeizeReleaseLoop(sim, resource, cycles / 2, count));
        sim.Process(SeizeReleaseLoop(sim, resource, cycles - cycles / 2, count));
        var clock = BenchClock.Start();
        sim.Run();
        return clock.Stop(count.Value);
    }

    private static IEnumerable<Event> SeizeReleaseLoop(Simulation sim, Resource resource, long cycles, Counter count)
    {
        for (long i = 0; i < cycles; i++)
        {
            var request = resource.Request();
            yield return request;
            yield return sim.Timeout(1);
            resource.Release(request);
            count.Value++;
        }
    }
}
