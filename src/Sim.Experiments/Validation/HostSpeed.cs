namespace T2CSim.Experiments.Validation;

using System.Globalization;
using T2CSim.Core.Execution;

/// <summary>
/// How fast the host was around one testbed run against when its description was calibrated: the
/// host-speed probe's CPU before and after the run (their mean) over the calibration's
/// (TestbedDescription.HostProbeS). The simulated side of the run pair then uses the description at
/// that ratio (TestbedDescription.AtHostSpeed): a stage that took 1.7 x its table's CPU at calibration
/// and 1.2 x twenty minutes later is one host at two speeds, not two testbeds (docs/validation.md,
/// "The host's speed"). Ratio 1 when there is nothing to compare (no description, no probe).
/// Where the description also holds each tier's probe under its quota sampled through the calibration's
/// runs (TestbedDescription.TierProbeS) and the run was sampled the same way (Sim.Hardware's
/// RunSpeedProbe), tier k runs at its own ratio (<see cref="TierRatios"/>: the run's figure over the
/// calibration's): the agents' stages are throttled, and a probe of a few seconds around the run reads
/// the host's moment, not the run's minute (docs/validation.md, "Round 12").
/// </summary>
public sealed record HostSpeed(double Ratio, double BeforeS, double AfterS, double CalibratedS)
{
    /// <summary>The ratio is kept within [1/3, 3]: beyond it the probe measured something other than the host's speed (a stall), and the run says so.</summary>
    public const double MaxRatio = 3;

    public static HostSpeed Of(TestbedDescription? testbed, double beforeS, double afterS) => Of(testbed, beforeS, afterS, null);

    /// <param name="tierDuringS">Each tier's probe under its quota sampled through the run (RunSpeedProbe; null: none taken, NaN: that tier not sampled).</param>
    public static HostSpeed Of(TestbedDescription? testbed, double beforeS, double afterS, IReadOnlyList<double>? tierDuringS)
    {
        var (ratio, clamped) = RatioOf(testbed?.HostProbeS ?? double.NaN, beforeS, afterS);
        var speed = new HostSpeed(ratio, beforeS, afterS, testbed?.HostProbeS ?? double.NaN) { Clamped = clamped };
        if (testbed?.TierProbeS is not { } calibrated || tierDuringS is null || tierDuringS.Count != calibrated.Count)
            return speed;
        // A tier not sampled runs at the host's ratio.
        var tiers = calibrated.Select((c, k) => RatioOf(c, tierDuringS[k], double.NaN)).ToArray();
        double[] ratios = tiers.Select((t, k) => double.IsFinite(tierDuringS[k]) && tierDuringS[k] > 0 ? t.Ratio : ratio).ToArray();
        return speed with { TierRatios = ratios, TierDuringS = tierDuringS, Clamped = clamped || tiers.Any(t => t.Clamped) };
    }

    private static (double Ratio, bool Clamped) RatioOf(double calibrated, double beforeS, double afterS)
    {
        var probes = new[] { beforeS, afterS }.Where(p => double.IsFinite(p) && p > 0).ToArray();
        if (!(double.IsFinite(calibrated) && calibrated > 0) || probes.Length == 0) return (1, false);
        double raw = probes.Average() / calibrated;
        return (Math.Clamp(raw, 1 / MaxRatio, MaxRatio), raw is < 1 / MaxRatio or > MaxRatio);
    }

    /// <summary>Each tier's ratio from its probes under its quota; null: every tier at <see cref="Ratio"/>.</summary>
    public IReadOnlyList<double>? TierRatios { get; init; }

    /// <summary>The tiers' probe figures through the run (seconds; NaN: not sampled).</summary>
    public IReadOnlyList<double>? TierDuringS { get; init; }

    /// <summary>Whether a probes' ratio lay outside [1/3, 3] and was held to its edge.</summary>
    public bool Clamped { get; init; }

    /// <summary>The description the simulated side runs: each tier at its ratio, or all at the host's.</summary>
    public TestbedDescription Apply(TestbedDescription testbed) =>
        TierRatios is { } r && r.Count == testbed.Tiers.Count ? testbed.AtTierSpeeds(r) : testbed.AtHostSpeed(Ratio);

    /// <summary>The ratios the tiers ran at, "1.020 0.980 1.100" (the host's ratio for each where no tier probe).</summary>
    public string TierRatiosText(int tiers) =>
        string.Join(' ', (TierRatios ?? Enumerable.Repeat(Ratio, tiers).ToArray()).Select(r => r.ToString("0.0000", CultureInfo.InvariantCulture)));

    public override string ToString()
    {
        string host = string.Create(CultureInfo.InvariantCulture,
            $"host-speed probe {BeforeS * 1000:0.00} ms before, {AfterS * 1000:0.00} ms after the run, {CalibratedS * 1000:0.00} at calibration: x {Ratio:0.000}");
        string tiers = TierRatios is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"; under the tiers' quotas through the run {string.Join(", ", r.Select((x, k) => $"{(TierDuringS![k] * 1000):0.00} ms: x {x:0.000}"))}; the description's stage CPU at the tiers' ratios")
            : "; the description's stage CPU at the host's ratio";
        return host + tiers + (Clamped ? " (held to the limit: a probe measured something other than the host's speed)" : "");
    }
}
