namespace T2CSim.Experiments.Commands.Bench.Kernel;

/// <summary>
/// One row of `t2c bench kernel`: a workload, its size for a full and a quick run, and SimSharp
/// 3.4.2's figure on .NET 10 for the same workload (the reference we aim to double).
/// </summary>
internal sealed record KernelWorkload(string Name, string Unit, double SimSharpPerSecond, Func<bool, Measurement> Run)
{
    public static IReadOnlyList<KernelWorkload> All { get; } =
    [
        .. new[] { 1, 10, 100, 1_000, 10_000 }.Select(n => new KernelWorkload(
            $"timeouts, n = {n:N0}", "entities/s", 4.5e6,
            quick => SyntheticWorkloads.ConcurrentTimeouts(n, timeouts: quick ? 200_000 : 3_000_000))),
        new("process creation", "processes/s", 4.2e6,
            quick => SyntheticWorkloads.ProcessCreation(quick ? 100_000 : 2_000_000)),
        new("seize and release", "cycles/s", 2.07e6,
            quick => SyntheticWorkloads.SeizeRelease(quick ? 100_000 : 2_000_000)),
        new("machine shop, 10 years", "events/s", 3.0e6,
            quick => MachineShop.Run(days: quick ? 365 : 3650)),
    ];
}
