namespace T2CSim.Hardware.Profiling;

using System.Globalization;

/// <summary>
/// How one testbed tier is emulated on this machine: a CPU quota equal to the tier CPU's
/// single-thread speed relative to this machine's (docs/models.md, "Tier emulation").
/// </summary>
/// <param name="Tier">Lookup-table column name: device, edge or cloud.</param>
/// <param name="Cpu">The thesis testbed CPU the tier stands for.</param>
/// <param name="SingleThreadScore">Published PassMark single-thread rating of that CPU (an estimate).</param>
public sealed record TierEmulation(string Tier, string Cpu, double SingleThreadScore)
{
    /// <summary>The tier's speed as a share of one host CPU, capped at a whole CPU.</summary>
    public double Share(double hostScore) => Math.Min(1.0, SingleThreadScore / hostScore);

    /// <summary>
    /// CFS bandwidth settings giving that share. The kernel refuses quotas under 1000 us, so the
    /// period is the shortest that allows the quota: short periods mean short, frequent throttling
    /// pauses, which average out over a 100-run profile better than long rare ones.
    /// </summary>
    public (int PeriodUs, int QuotaUs) Quota(double hostScore)
    {
        double share = Share(hostScore);
        int period = Math.Max(MinPeriodUs, (int)Math.Ceiling(MinQuotaUs / share / 100.0) * 100);
        int quota = (int)Math.Round(period * share);
        return (period, quota);
    }

    public string Describe(double hostScore)
    {
        var (period, quota) = Quota(hostScore);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Tier} = {Cpu} (PassMark single-thread ~{SingleThreadScore:0}) as {Share(hostScore):0.###} of a host CPU: cpu.cfs_quota_us={quota} / cpu.cfs_period_us={period}");
    }

    public const int MinQuotaUs = 1000;
    public const int MinPeriodUs = 2000;
}

/// <summary>The thesis testbed (slides, "Testbed") and the single-thread figures used to emulate it.</summary>
public static class Testbed
{
    /// <summary>
    /// PassMark single-thread rating assumed for this machine's CPU (an AMD EPYC of the Zen 5
    /// generation, family 26, in a VM at 2.1 GHz): an estimate, overridable with --host-score.
    /// </summary>
    public const double DefaultHostScore = 3000;

    public static IReadOnlyList<TierEmulation> Tiers { get; } =
    [
        new("device", "Upboard, Intel Atom x5-Z8350 @ 1.44 GHz", 400),
        new("edge", "NUC, Intel Core i3 @ 1.7 GHz (i3-4010U class)", 1100),
        new("cloud", "PC, Intel Core i7 @ 3.4 GHz (i7-4770 class)", 2200),
    ];

    /// <summary>The host itself, unthrottled: the reference every tier is scaled from.</summary>
    public static TierEmulation Host(double hostScore) => new("host", "this machine, unthrottled", hostScore);

    public static TierEmulation Tier(string name) =>
        Tiers.FirstOrDefault(t => t.Tier == name) ?? throw new ArgumentException($"unknown tier {name} (device, edge, cloud)");
}
