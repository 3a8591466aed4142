namespace T2CSim.Hardware.Profiling;

using System.Globalization;

/// <summary>
/// How one testbed tier is emulated on this machine (docs/models.md, "Tier emulation"): libtorch runs
/// with the tier CPU's instruction set (<see cref="Isa"/>), and the time it takes there is stretched
/// by the tier CPU's clock and per-clock speed relative to this machine at that same instruction set:
///
///     slowdown = (host clock / tier clock) x (host instructions per clock / tier instructions per clock)
///
/// The clocks are facts (the host's is measured, <see cref="HostMachine.MeasureClockGhz"/>); the
/// per-clock ratio <see cref="HostIpcRatio"/> is an estimate from published generation-to-generation
/// gains, documented with each tier.
/// </summary>
/// <param name="Tier">Lookup-table column name: device, edge or cloud (or host, the reference).</param>
/// <param name="Cpu">The thesis testbed CPU the tier stands for.</param>
/// <param name="Isa">The SIMD level that CPU has; the tier is measured with libtorch capped to it.</param>
/// <param name="ClockGhz">The tier CPU's clock while running one inference thread.</param>
/// <param name="HostIpcRatio">How much more work per clock this machine's core does than the tier's, at the same ISA (an estimate).</param>
/// <param name="IpcSource">Where <see cref="HostIpcRatio"/> comes from, for the tables' comments.</param>
public sealed record TierEmulation(string Tier, string Cpu, IsaLevel Isa, double ClockGhz, double HostIpcRatio, string IpcSource)
{
    /// <summary>How many times slower than this machine (at the same ISA) the tier CPU runs.</summary>
    public double Slowdown(double hostClockGhz) => hostClockGhz / ClockGhz * HostIpcRatio;

    /// <summary>The tier's speed as a share of one host CPU, capped at a whole CPU (for --scaling measured).</summary>
    public double Share(double hostClockGhz) => Math.Min(1.0, 1 / Slowdown(hostClockGhz));

    /// <summary>
    /// CFS bandwidth settings giving that share. The kernel refuses quotas under 1000 us, so the
    /// period is the shortest that allows the quota: short periods mean short, frequent throttling
    /// pauses, which average out over a 100-run profile better than long rare ones.
    /// </summary>
    public (int PeriodUs, int QuotaUs) Quota(double hostClockGhz)
    {
        double share = Share(hostClockGhz);
        int period = Math.Max(MinPeriodUs, (int)Math.Ceiling(MinQuotaUs / share / 100.0) * 100);
        int quota = (int)Math.Round(period * share);
        return (period, quota);
    }

    public string Describe(double hostClockGhz)
    {
        var (period, quota) = Quota(hostClockGhz);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Tier} = {Cpu}: ISA {Isa.Name} ({Isa.Description}); slowdown vs host at that ISA = clock {hostClockGhz:0.###}/{ClockGhz:0.###} GHz x per-clock {HostIpcRatio:0.##} ({IpcSource}) = {Slowdown(hostClockGhz):0.###}x; for --scaling measured cpu.cfs_quota_us={quota} / cpu.cfs_period_us={period}");
    }

    public const int MinQuotaUs = 1000;
    public const int MinPeriodUs = 2000;
}

/// <summary>The thesis testbed (slides, "Testbed") and the figures used to emulate it.</summary>
public static class Testbed
{
    /// <summary>
    /// Zen 5 (this machine) over Haswell per clock, at the same ISA: an estimate. AMD's own claimed
    /// IPC gains are +19% Zen 2 to 3, +13% Zen 3 to 4, +16% Zen 4 to 5 (x1.56); Zen 2 is about
    /// Skylake per clock, and Skylake about 5-10% over Haswell: 1.56 x ~1.07 ~ 1.65, rounded to 1.6.
    /// Both cores have two 256-bit FMA pipes, so at AVX2 the gap on pure GEMM is smaller, but these
    /// layers are small (tens of microseconds to a few ms) and spend much of their time in
    /// dispatch, allocation and memory-bound ATen kernels, which follow general IPC.
    /// </summary>
    public const double HostOverHaswellPerClock = 1.6;

    /// <summary>
    /// Zen 5 over Airmont (Atom x5-Z8350) per clock, at the same SSE-only code: an estimate. Airmont is
    /// the 14 nm Silvermont: 2-wide decode and retire, FP/SIMD reservation stations in order, one
    /// 128-bit FP add per clock and 128-bit FP multiplies at half that rate (public microarchitecture
    /// write-ups; not checked here), against
    /// Zen 5's 8-wide out-of-order core with four FP pipes. Silvermont does roughly 0.55-0.6 of
    /// Haswell's work per clock on integer code, so ~1.6 / 0.55 ~ 2.9; on SSE FP code the pipe count
    /// alone gives ~2.7x. Taken as 3 (plausible range 2.5-4).
    /// </summary>
    public const double HostOverAirmontPerClock = 3.0;

    public static IReadOnlyList<TierEmulation> Tiers { get; } =
    [
        // 1.44 GHz: the base clock on the slides; the Z8350 bursts to 1.92 GHz when cool (25% faster).
        new("device", "Upboard, Intel Atom x5-Z8350 (Airmont, SSE4.2, no AVX) @ 1.44 GHz", IsaLevel.Sse, 1.44, HostOverAirmontPerClock,
            "Zen 5 / Airmont per clock, estimate"),
        // The i3-4010U has no Turbo Boost: 1.7 GHz is its clock under load.
        new("edge", "NUC, Intel Core i3-4010U class (Haswell, AVX2+FMA) @ 1.7 GHz", IsaLevel.Avx2, 1.7, HostOverHaswellPerClock,
            "Zen 5 / Haswell per clock, estimate"),
        // 3.4 GHz: the base clock on the slides; an i7-4770 turbos to 3.9 GHz on one core (13% faster).
        new("cloud", "PC, Intel Core i7-4770 class (Haswell, AVX2+FMA) @ 3.4 GHz", IsaLevel.Avx2, 3.4, HostOverHaswellPerClock,
            "Zen 5 / Haswell per clock, estimate"),
    ];

    /// <summary>This machine itself at an ISA level, unthrottled: the reference tiers are scaled from.</summary>
    public static TierEmulation Host(IsaLevel isa, double hostClockGhz) =>
        new("host", "this machine, unthrottled", isa, hostClockGhz, 1, "itself");

    public static TierEmulation Tier(string name) =>
        Tiers.FirstOrDefault(t => t.Tier == name) ?? throw new ArgumentException($"unknown tier {name} (device, edge, cloud)");
}
