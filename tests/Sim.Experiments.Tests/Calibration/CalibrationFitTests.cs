namespace T2CSim.Tests.Experiments.Calibration;

using T2CSim.Core.Domain;
using T2CSim.Core.Execution;
using T2CSim.Experiments.Calibration;

/// <summary>The calibration fit recovers known terms from synthetic hop timings, and its file loads back.</summary>
public class CalibrationFitTests
{
    private static readonly (double Share, double PeriodS)[] Quotas = [(0.16, 0.0063), (0.354, 0.0029), (0.708, 0.002)];

    /// <summary>Hop timings made from known terms, with a deterministic ±5 % (wire: ±20 µs) wobble.</summary>
    private static List<HopSample> Synthetic()
    {
        double[] send = [0.0004, 0.0011, 0.0009], wire = [0.0006, 0.0002, 0.0003], receive = [0.0012, 0.0005, 0.0003], result = [0.0021, 0.0013, 0.0008];
        const double factor = 1.05;
        double[] computeFactor = [1.8, 1.2, 0.9];
        var random = new Random(7);
        double Wobble(double v) => v * (0.95 + 0.1 * random.NextDouble());
        var samples = new List<HopSample>();
        for (int i = 0; i < 200; i++)
            for (int k = 0; k < 3; k++)
            {
                samples.Add(new HopSample(HopTerm.Send, k, Wobble(send[k])));
                double serialisation = (500 + 50 * (i % 40)) * 8.0 / (k == 0 ? 1e6 : 24e6);
                samples.Add(new HopSample(HopTerm.Wire, k, wire[k] + factor * serialisation + (random.NextDouble() - 0.5) * 4e-5, serialisation));
                samples.Add(new HopSample(HopTerm.Receive, k, Wobble(receive[k])));
                samples.Add(new HopSample(HopTerm.Result, k, Wobble(result[k])));
                double table = 0.002 + 0.0005 * (i % 7);
                samples.Add(new HopSample(HopTerm.Compute, k, Wobble(table * Quotas[k].Share * computeFactor[k]), table));
            }
        return samples;
    }

    [Test]
    public void The_fit_recovers_known_terms_from_synthetic_hop_timings()
    {
        var fit = CalibrationFit.Fit(Synthetic(), 3, Quotas);
        Assert.That(fit.Links.Select(l => l.WireBytesFactor), Has.All.EqualTo(1.05).Within(0.005));
        Assert.That(fit.Links.Select(l => l.WireS), Is.EqualTo(new[] { 0.0006, 0.0002, 0.0003 }).Within(1e-5));
        Assert.That(fit.Links.Select(l => l.SendS), Is.EqualTo(new[] { 0.0004, 0.0011, 0.0009 }).Within(0.03e-3));
        Assert.That(fit.Tiers.Select(t => t.ReceiveS), Is.EqualTo(new[] { 0.0012, 0.0005, 0.0003 }).Within(0.05e-3));
        Assert.That(fit.Tiers.Select(t => t.ResultS), Is.EqualTo(new[] { 0.0021, 0.0013, 0.0008 }).Within(0.1e-3));
        Assert.That(fit.Tiers.Select(t => t.CpuShare), Is.EqualTo(new[] { 0.16, 0.354, 0.708 }), "shares are the tiers' emulation, not fitted");
        Assert.That(fit.Tiers.Select(t => t.ComputeFactor), Is.EqualTo(new[] { 1.8, 1.2, 0.9 }).Within(0.05));
        Assert.That(fit.WireRSquared, Is.GreaterThan(0.99));
    }

    [Test]
    public void A_link_no_job_crossed_keeps_its_terms_at_zero()
    {
        var samples = Synthetic().Where(s => s.Index != 2 || s.Term is HopTerm.Receive or HopTerm.Result).ToList();
        var fit = CalibrationFit.Fit(samples, 3, Quotas);
        Assert.That(fit.Links[2].SendS, Is.Zero);
        Assert.That(fit.Links[2].WireS, Is.Zero);
        Assert.That(fit.Terms.Single(t => t.Term == "link2.wire").Samples, Is.Zero);
    }

    [Test]
    public void The_written_description_loads_back_with_its_terms()
    {
        var topology = new Topology(
            [new TierSpec("device", 3, 1), new TierSpec("edge", 3, 1), new TierSpec("cloud", 7, 1)],
            [new LinkSpec("sensor_device", 1e6, 0.001, 0), new LinkSpec("device_edge", 24e6, 0.003, 0), new LinkSpec("edge_cloud", 40e6, 0.005, 0)]);
        var fit = CalibrationFit.Fit(Synthetic(), 3, Quotas);
        string path = Path.Combine(Path.GetTempPath(), $"t2c-testbed-{Environment.ProcessId}.yaml");
        try
        {
            TestbedFile.Write(path, "synthetic", topology, fit, new CalibrationProvenance("host", "cpu 'x'", "2026-11-30", "t2c calibrate", "1 1 1", "synthetic"));
            var loaded = TestbedLoader.Load(path, topology);
            Assert.That(loaded.Name, Is.EqualTo("synthetic"));
            for (int k = 0; k < 3; k++)
            {
                Assert.That(loaded.Tiers[k].ReceiveS, Is.EqualTo(fit.Tiers[k].ReceiveS).Within(1e-7));
                Assert.That(loaded.Tiers[k].ResultS, Is.EqualTo(fit.Tiers[k].ResultS).Within(1e-7));
                Assert.That(loaded.Tiers[k].QuotaPeriodS, Is.EqualTo(fit.Tiers[k].QuotaPeriodS).Within(1e-7));
                Assert.That(loaded.Links[k].WireS, Is.EqualTo(fit.Links[k].WireS).Within(1e-7));
                Assert.That(loaded.Links[k].WireBytesFactor, Is.EqualTo(fit.Links[k].WireBytesFactor).Within(1e-4));
            }
            Assert.That(File.ReadAllText(path), Does.Contain("host: 'host'").And.Contain("wire_r_squared"));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void A_bad_description_is_refused_naming_the_file_and_field()
    {
        var topology = new Topology([new TierSpec("device", 3, 1)], [new LinkSpec("sensor_device", 1e6, 0.001, 0)]);
        string path = Path.Combine(Path.GetTempPath(), $"t2c-bad-testbed-{Environment.ProcessId}.yaml");
        try
        {
            File.WriteAllText(path, "name: x\ntiers:\n  - {name: device, receive_ms: -1}\nlinks:\n  - {name: sensor_device}\n");
            var e = Assert.Throws<T2CSim.Core.UserInputException>(() => TestbedLoader.Load(path, topology))!;
            Assert.That(e.Message, Does.Contain(path).And.Contain("receive_ms"));
        }
        finally { File.Delete(path); }
    }
}
