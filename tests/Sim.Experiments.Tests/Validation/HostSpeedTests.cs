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
}
