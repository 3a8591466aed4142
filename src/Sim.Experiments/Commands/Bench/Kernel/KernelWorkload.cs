namespace T2CSim.Experiments.Commands.Bench.Kernel;

/// <summary>
/// One row of `t2c bench kernel`: a workload, its size for a full and a quick run, SimSharp
/// 3.4.2's reference figure for it, and where the same row is in SimSharp's own benchmark output
/// (its own rate, and the figure SimSharp printed for it).
/// </summary>
internal sealed record KernelWorkload(string Name, string Unit, SimSharpReference Reference,
    Func<SimSharpRound, double> FromSimSharp, Func<SimSharpRound, double> PrintedBySimSharp, Func<bool, Measurement> Run)
{
    public static IReadOnlyList<KernelWorkload> All { get; } =
    [
        .. SimSharpReference.Timeouts.Select(t => new KernelWorkload(
            $"timeouts, n = {t.N:N0}", "entities/s", t.Reference, round => round.Synthetic.TimeoutsPerRow(t.N), round => round.Synthetic.TimeoutsPrinted(t.N),
            quick => SyntheticWorkloads.ConcurrentTimeouts(t.N, timeouts: quick ? 200_000 : 3_000_000))),
        new("process creation", "processes/s", SimSharpReference.ProcessCreation, round => round.Synthetic.ProcessCreation, round => round.Synthetic.ProcessCreation,
            quick => SyntheticWorkloads.ProcessCreation(quick ? 100_000 : 2_000_000)),
        new("seize and release", "cycles/s", SimSharpReference.SeizeRelease, round => round.Synthetic.SeizeRelease, round => round.Synthetic.SeizeRelease,
            quick => SyntheticWorkloads.SeizeRelease(quick ? 100_000 : 2_000_000)),
        new("machine shop, 10 years", "events/s", SimSharpReference.MachineShop, round => round.MachineShop, round => round.MachineShop,
            quick => MachineShop.Run(days: quick ? 365 : 3650)),
    ];
}

/// <summary>One run of SimSharp's benchmark program: its synthetic benchmark and its machine shop.</summary>
internal sealed record SimSharpRound(SimSharpSynthetic Synthetic, double MachineShop);
