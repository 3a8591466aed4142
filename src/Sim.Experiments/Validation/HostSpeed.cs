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
/// </summary>
public sealed record HostSpeed(double Ratio, double BeforeS, double AfterS, double CalibratedS)
{
    /// <summary>The ratio is kept within [1/3, 3]: beyond it the probe measured something other than the host's speed (a stall), and the run says so.</summary>
    public const double MaxRatio = 3;

    public static HostSpeed Of(TestbedDescription? testbed, double beforeS, double afterS)
    {
        double calibrated = testbed?.HostProbeS ?? double.NaN;
        var probes = new[] { beforeS, afterS }.Where(p => double.IsFinite(p) && p > 0).ToArray();
        if (!(double.IsFinite(calibrated) && calibrated > 0) || probes.Length == 0) return new HostSpeed(1, beforeS, afterS, calibrated);
        double raw = probes.Average() / calibrated;
        return new HostSpeed(Math.Clamp(raw, 1 / MaxRatio, MaxRatio), beforeS, afterS, calibrated) { Clamped = raw is < 1 / MaxRatio or > MaxRatio };
    }

    /// <summary>Whether the probes' ratio lay outside [1/3, 3] and was held to its edge.</summary>
    public bool Clamped { get; init; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"host-speed probe {BeforeS * 1000:0.00} ms before, {AfterS * 1000:0.00} ms after the run, {CalibratedS * 1000:0.00} at calibration: the description's stage CPU x {Ratio:0.000}{(Clamped ? " (held to the limit: the probe measured something other than the host's speed)" : "")}");
}
