using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

/// <summary>
/// The kernel against queueing theory: M/M/1 and M/M/c mean wait Wq and mean number in system L
/// must fall within a 99% batch-means confidence interval of the analytic values. The seeds are
/// fixed, so a run is deterministic; the intervals are also required to be narrow (within a few
/// percent of the value), so a biased kernel cannot hide behind a wide interval.
/// </summary>
[Category("Slow")]
public class QueueingTheoryTests
{
    private const int Batches = 30;
    // Student t, 0.995 quantile, 29 degrees of freedom: two-sided 99% for 30 batch means.
    private const double T99 = 2.756;

    [TestCase(0.5, 1, 4_000, 0.05)]
    [TestCase(0.8, 1, 10_000, 0.07)]
    [TestCase(0.9, 1, 30_000, 0.07)]
    [TestCase(2.4, 3, 10_000, 0.08)]
    public void MeanWaitAndNumberInSystemMatchTheory(double lambda, int servers, int batchSize, double maxRelativeHalfWidth)
    {
        const double mu = 1;
        var (wq, l) = Analytic(lambda, mu, servers);
        var estimates = QueueingModel.Run(lambda, mu, servers, Batches, batchSize, seed: 20240501);

        AssertWithinInterval("Wq", estimates.Wq, wq, maxRelativeHalfWidth);
        AssertWithinInterval("L", estimates.L, l, maxRelativeHalfWidth);
    }

    [TestCase(0.8, 1)]
    [TestCase(2.4, 3)]
    public void LittlesLawHolds(double lambda, int servers)
    {
        var estimates = QueueingModel.Run(lambda, 1, servers, Batches, batchSize: 5_000, seed: 7);
        // Over the same span L = lambda W holds up to customers straddling its ends.
        double littleL = estimates.ObservedArrivalRate * estimates.W.Mean;
        Assert.That(estimates.L.Mean, Is.EqualTo(littleL).Within(0.5).Percent);
    }

    [Test]
    public void AnalyticFormulasAgreeWithTheMM1ClosedForm()
    {
        // Erlang C with one server reduces to Wq = rho / (mu - lambda), L = rho / (1 - rho).
        var (wq, l) = Analytic(0.8, 1, 1);
        Assert.That(wq, Is.EqualTo(4.0).Within(1e-12));
        Assert.That(l, Is.EqualTo(4.0).Within(1e-12));
    }

    private static void AssertWithinInterval(string name, BatchMeans estimate, double expected, double maxRelativeHalfWidth)
    {
        double halfWidth = T99 * estimate.StandardError;
        TestContext.Out.WriteLine($"{name}: estimate {estimate.Mean:F4} ± {halfWidth:F4} (99%), theory {expected:F4}");
        Assert.That(halfWidth, Is.LessThan(maxRelativeHalfWidth * expected), $"{name}: the interval is too wide to test anything");
        Assert.That(estimate.Mean, Is.EqualTo(expected).Within(halfWidth), $"{name}: theory outside the 99% interval");
    }

    /// <summary>Erlang C: mean wait in queue and mean number in system of M/M/c.</summary>
    private static (double Wq, double L) Analytic(double lambda, double mu, int c)
    {
        double a = lambda / mu, rho = a / c;
        double sum = 0, term = 1;
        for (int k = 0; k < c; k++)
        {
            sum += term;
            term *= a / (k + 1);
        }
        // term is now a^c / c!
        double tail = term / (1 - rho);
        double waitProbability = tail / (sum + tail);
        double wq = waitProbability / (c * mu - lambda);
        return (wq, lambda * (wq + 1 / mu));
    }
}
