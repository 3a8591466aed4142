namespace T2CSim.Tests.Experiments.Results;

using T2CSim.Experiments.Results;

/// <summary>95% CI half-width = t(0.975, n-1) · s / √n, checked against hand-computed values.</summary>
public sealed class ConfidenceIntervalTests
{
    [Test]
    public void FiveRepeats()
    {
        // 10, 12, 14, 16, 18: mean 14; squared deviations 16+4+0+4+16 = 40, s = √(40/4) = √10 = 3.162278;
        // t(0.975, 4) = 2.776445 (t table); half-width = 2.776445 · 3.162278 / √5 = 2.776445 · 1.414214 = 3.926486.
        var ci = ConfidenceInterval.Of([10, 12, 14, 16, 18]);
        Assert.That(ci.N, Is.EqualTo(5));
        Assert.That(ci.Mean, Is.EqualTo(14).Within(1e-12));
        Assert.That(ci.StdDev, Is.EqualTo(3.162278).Within(1e-6));
        Assert.That(ConfidenceInterval.TQuantile(4), Is.EqualTo(2.776445).Within(1e-6));
        Assert.That(ci.HalfWidth, Is.EqualTo(3.926486).Within(1e-6));
    }

    [Test]
    public void TwoRepeats()
    {
        // 1, 3: mean 2, s = √((1+1)/1) = √2; t(0.975, 1) = 12.706205; half-width = 12.706205 · √2 / √2.
        var ci = ConfidenceInterval.Of([1, 3]);
        Assert.That(ci.HalfWidth, Is.EqualTo(12.706205).Within(1e-6));
    }

    [Test]
    public void ThirtyRepeatsApproachTheNormalQuantile()
    {
        // t(0.975, 29) = 2.045230 (t table), not the normal 1.96.
        Assert.That(ConfidenceInterval.TQuantile(29), Is.EqualTo(2.045230).Within(1e-6));
    }

    [Test]
    public void OneRunHasNoInterval()
    {
        var ci = ConfidenceInterval.Of([42]);
        Assert.That((ci.N, ci.Mean), Is.EqualTo((1, 42.0)));
        Assert.That(double.IsNaN(ci.HalfWidth) && double.IsNaN(ci.StdDev));
    }

    [Test]
    public void IdenticalRunsHaveAZeroWidthInterval()
    {
        Assert.That(ConfidenceInterval.Of([5, 5, 5]).HalfWidth, Is.Zero);
    }
}
