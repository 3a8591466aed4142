namespace T2CSim.Experiments.Commands.Bench.Kernel;

/// <summary>
/// SimSharp 3.4.2's figures as measured once, printed by `t2c bench kernel` when SimSharp's
/// benchmark is not at hand (`--simsharp PATH` measures them in the same sitting instead).
/// <see cref="Printed"/> is what SimSharp's benchmark printed; <see cref="PerRow"/> the row's own
/// rate (for the timeout rows SimSharp prints running averages over the rows so far, see
/// <see cref="SimSharpSynthetic"/>), which is the figure compared.
/// </summary>
internal readonly record struct SimSharpReference(double PerRow, double Printed)
{
    public const string MeasuredOn = "November 2026 (issue 13)";
    public const string Conditions = "SimSharp built from source (netstandard2.0, its Benchmark for net10.0), quiet 2-core VM, " +
                                     "`synthetic -t 3 -r 1` and `machineshop`, middle of three sittings; timeout rows' own rates " +
                                     "derived from those printed figures (k R_k - (k-1) R_(k-1)), so only roughly";

    public static IReadOnlyList<(int N, SimSharpReference Reference)> Timeouts { get; } =
    [
        (1, new(14.3e6, 14.3e6)),
        (10, new(9.3e6, 12.0e6)),
        (100, new(6.0e6, 10.0e6)),
        (1_000, new(3.2e6, 8.3e6)),
        (10_000, new(1.0e6, 6.8e6)),
    ];

    public static SimSharpReference ProcessCreation { get; } = new(6.0e6, 6.0e6);
    public static SimSharpReference SeizeRelease { get; } = new(3.4e6, 3.4e6);
    public static SimSharpReference MachineShop { get; } = new(5.1e6, 5.1e6);
}
