namespace T2CSim.Tests.Core.Workload.Places;

using T2CSim.Core.Randomness;
using T2CSim.Core.Workload.Places;

/// <summary>The k-d tree answers exactly what brute force answers, ties included.</summary>
public sealed class NearestSiteIndexTests
{
    private static void AgreesWithBruteForce(IReadOnlyList<PlanePoint> sites, IEnumerable<PlanePoint> queries)
    {
        var index = new NearestSiteIndex(sites);
        int n = 0;
        foreach (var q in queries)
        {
            int expected = NearestSiteIndex.BruteForce(sites, q);
            Assert.That(index.Nearest(q), Is.EqualTo(expected), $"query {q}");
            n++;
        }
        Assert.That(n, Is.GreaterThan(0));
    }

    [TestCase("la-311-2017-12-subset.csv")]
    [TestCase("nyc-311-2024-05-sample.csv")]
    public void TraceRowsAsSitesAndQueries(string trace)
    {
        var points = TraceCoordinateReader.Read(TraceCoordinateTests.SharedTrace(trace)).Points.Select(p => p.Location).ToArray();
        var projection = EquirectangularProjection.AroundMeanOf(points);
        var plane = projection.Project(points);
        // Every 7th row is a site: many sites share an address (exact ties, lowest index wins).
        var sites = plane.Where((_, i) => i % 7 == 0).ToArray();
        var random = new RandomStream(5);
        double minX = plane.Min(p => p.X), maxX = plane.Max(p => p.X), minY = plane.Min(p => p.Y), maxY = plane.Max(p => p.Y);
        // Every row, plus random points over a box three times the city's (some far outside the sites).
        var outside = Enumerable.Range(0, 5000).Select(_ => new PlanePoint(
            random.Uniform(2 * minX - maxX, 2 * maxX - minX), random.Uniform(2 * minY - maxY, 2 * maxY - minY)));
        AgreesWithBruteForce(sites, plane.Concat(outside));
    }

    [Test]
    public void DerivedSitesAgreeWithBruteForce()
    {
        var points = TraceCoordinateReader.Read(TraceCoordinateTests.SharedTrace("la-311-2017-12-subset.csv")).Points.Select(p => p.Location).ToArray();
        var derived = KMeansSites.Derive(points, 100);
        AgreesWithBruteForce(derived.Projection.Project(derived.Sites), derived.Projection.Project(points));
    }

    [Test]
    public void RandomPointsWithManyTies()
    {
        // Integer sites on a small grid, repeated, queried at integer and half-integer points:
        // most queries are equidistant from two or four sites.
        var random = new RandomStream(11);
        var sites = Enumerable.Range(0, 3000).Select(_ => new PlanePoint(random.NextInt(40), random.NextInt(40))).ToArray();
        var queries = Enumerable.Range(0, 20000).Select(_ => new PlanePoint(random.NextInt(90) / 2.0 - 2, random.NextInt(90) / 2.0 - 2));
        AgreesWithBruteForce(sites, queries);
    }

    [Test]
    public void RandomContinuousPoints()
    {
        var random = new RandomStream(13);
        var sites = Enumerable.Range(0, 10000).Select(_ => new PlanePoint(random.Normal(0, 10), random.Normal(0, 3))).ToArray();
        var queries = Enumerable.Range(0, 5000).Select(_ => new PlanePoint(random.Uniform(-50, 50), random.Uniform(-20, 20)));
        AgreesWithBruteForce(sites, queries);
    }

    [Test]
    public void AllSitesAtOnePointGoToTheFirst()
    {
        var sites = Enumerable.Repeat(new PlanePoint(1, 1), 100).ToArray();
        var index = new NearestSiteIndex(sites);
        Assert.That(index.Nearest(new PlanePoint(5, -3)), Is.Zero);
        Assert.Throws<ArgumentException>(() => index.Nearest(new PlanePoint(double.NaN, 0)));
        Assert.Throws<ArgumentException>(() => new NearestSiteIndex([]));
    }
}
