namespace T2CSim.Tests.Experiments.Validation;

using T2CSim.Core.Execution;
using T2CSim.Experiments.Validation;

/// <summary>The host's speed around a testbed run against the calibration's: the probes' mean over the calibrated probe.</summary>
public class HostSpeedTests
{
    private static TestbedDescription Calibrated(double probeS) => TestbedDescription.Ideal(3) with { HostProbeS = probeS };

    [Test]
    public void The_ratio_is_the_mean_of_the_probes_around_the_run_over_the_calibrations()
    {
        // 24 and 26 ms around the run, 20 at calibration: the host is 1.25 x as slow.
        Assert.That(HostSpeed.Of(Calibrated(0.020), 0.024, 0.026).Ratio, Is.EqualTo(1.25).Within(1e-12));
        // One probe failed (NaN): the other alone.
        Assert.That(HostSpeed.Of(Calibrated(0.020), double.NaN, 0.018).Ratio, Is.EqualTo(0.9).Within(1e-12));
    }

    [Test]
    public void Without_a_calibrated_probe_or_any_probe_the_description_is_used_as_it_is()
    {
        Assert.That(HostSpeed.Of(null, 0.024, 0.026).Ratio, Is.EqualTo(1));
        Assert.That(HostSpeed.Of(TestbedDescription.Ideal(3), 0.024, 0.026).Ratio, Is.EqualTo(1), "a description from before the probe");
        Assert.That(HostSpeed.Of(Calibrated(0.020), double.NaN, double.NaN).Ratio, Is.EqualTo(1));
    }

    [Test]
    public void A_probe_far_off_the_calibrations_is_held_to_three_times_either_way()
    {
        Assert.That(HostSpeed.Of(Calibrated(0.020), 0.5, 0.5).Ratio, Is.EqualTo(3));
        Assert.That(HostSpeed.Of(Calibrated(0.020), 0.5, 0.5).ToString(), Does.Contain("held to the limit"));
        Assert.That(HostSpeed.Of(Calibrated(0.020), 0.024, 0.026).Clamped, Is.False);
        Assert.That(HostSpeed.Of(Calibrated(0.020), 0.001, 0.001).Ratio, Is.EqualTo(1 / 3.0).Within(1e-12));
    }

    [Test]
    public void With_the_tiers_probes_each_tier_runs_at_its_own_ratio()
    {
        // Calibrated at 30, 25 and 20 ms under the tiers' quotas; through the run 36, 25 and 18: 1.2, 1.0 and
        // 0.9; the host's probe (1.25) is kept for the record.
        var calibrated = Calibrated(0.020) with { TierProbeS = [0.030, 0.025, 0.020] };
        var speed = HostSpeed.Of(calibrated, 0.024, 0.026, [0.036, 0.025, 0.018]);
        Assert.That(speed.Ratio, Is.EqualTo(1.25).Within(1e-12));
        Assert.That(speed.TierRatios, Is.EqualTo(new[] { 1.2, 1.0, 0.9 }).Within(1e-12));
        Assert.That(speed.TierRatiosText(3), Is.EqualTo("1.2000 1.0000 0.9000"));
        // A tier that was not sampled (NaN) runs at the host's ratio.
        Assert.That(HostSpeed.Of(calibrated, 0.024, 0.026, [0.036, double.NaN, 0.018]).TierRatios, Is.EqualTo(new[] { 1.2, 1.25, 0.9 }).Within(1e-12));
        // Held to [1/3, 3] as the host's.
        Assert.That(HostSpeed.Of(calibrated, 0.024, 0.026, [0.5, 0.025, 0.018]).TierRatios![0], Is.EqualTo(3));
    }

    [Test]
    public void Without_the_tiers_probes_every_tier_runs_at_the_hosts_ratio()
    {
        var speed = HostSpeed.Of(Calibrated(0.020), 0.024, 0.026, [0.036, 0.025, 0.018]);
        Assert.That(speed.TierRatios, Is.Null, "a description without tier_probe_ms");
        Assert.That(speed.TierRatiosText(3), Is.EqualTo("1.2500 1.2500 1.2500"));
        var withTiers = Calibrated(0.020) with { TierProbeS = [0.030, 0.025, 0.020] };
        Assert.That(HostSpeed.Of(withTiers, 0.024, 0.026).TierRatios, Is.Null, "a run sampled without them");
    }

    [Test]
    public void The_simulated_side_gets_each_tier_at_its_ratio()
    {
        var device = new TierExecution(0.2, 0.010, 0, 0, ComputeFactor: 1.5, StageS: 0.001);
        var description = new TestbedDescription("t", [device, device, device], [LinkExecution.Ideal, LinkExecution.Ideal, LinkExecution.Ideal])
            { HostProbeS = 0.020, TierProbeS = [0.030, 0.025, 0.020] };
        var applied = HostSpeed.Of(description, 0.024, 0.026, [0.036, 0.025, 0.018]).Apply(description);
        Assert.That(applied.Tiers.Select(t => t.ComputeFactor), Is.EqualTo(new[] { 1.8, 1.5, 1.35 }).Within(1e-12));
        Assert.That(applied.Tiers.Select(t => t.StageS), Is.EqualTo(new[] { 0.0012, 0.001, 0.0009 }).Within(1e-12));
        // Without the tiers' probes: the host's 1.25 everywhere.
        var host = HostSpeed.Of(description, 0.024, 0.026).Apply(description);
        Assert.That(host.Tiers.Select(t => t.ComputeFactor), Is.EqualTo(new[] { 1.875, 1.875, 1.875 }).Within(1e-12));
    }
}
