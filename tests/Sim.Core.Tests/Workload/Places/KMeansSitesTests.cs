namespace T2CSim.Tests.Core.Workload.Places;

using T2CSim.Core.Workload.Places;

public sealed class KMeansSitesTests
{
    private static GeoPoint[] La() =>
        TraceCoordinateReader.Read(TraceCoordinateTests.SharedTrace("la-311-2017-12-subset.csv")).Points.Select(p => p.Location).ToArray();

    [Test]
    public void TwoSeparateGroupsGetTheirMeans()
    {
        // Two groups 1° of longitude apart: whichever point k-means++ seeds first, the second seed is
        // drawn ∝ d², so it lands in the other group, and Lloyd ends at the group means.
        var points = new[]
        {
            new GeoPoint(10.0, 20.0), new GeoPoint(10.002, 20.0), new GeoPoint(10.001, 20.003),
            new GeoPoint(10.0, 21.0), new GeoPoint(10.004, 21.002),
        };
        var d = KMeansSites.Derive(points, 2);
        Assert.That(d.Converged, Is.True);
        var sorted = d.Sites.OrderBy(s => s.Longitude).ToArray();
        Assert.That(sorted[0].Latitude, Is.EqualTo(10.001).Within(1e-9));
        Assert.That(sorted[0].Longitude, Is.EqualTo(20.001).Within(1e-9));
        Assert.That(sorted[1].Latitude, Is.EqualTo(10.002).Within(1e-9));
        Assert.That(sorted[1].Longitude, Is.EqualTo(21.001).Within(1e-9));
        Assert.That(d.Requests.Order(), Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void SameSeedSameSitesAndEveryRowCounted()
    {
        var points = La();
        var a = KMeansSites.Derive(points, 100);
        var b = KMeansSites.Derive(points, 100);
        var c = KMeansSites.Derive(points, 100, seed: 2);
        Assert.That(a.Sites, Is.EqualTo(b.Sites));
        Assert.That(a.Sites, Is.Not.EqualTo(c.Sites));
        Assert.That(a.Requests.Sum(), Is.EqualTo(points.Length));
        Assert.That(a.Iterations, Is.LessThanOrEqualTo(KMeansSites.DefaultIterationCap));
        Assert.That(a.Sites, Has.Count.EqualTo(100));
        Assert.That(a.Requests, Has.Count.EqualTo(100));
    }

    [Test]
    [Category("Slow")]
    public void MoreIterationsNeverWorsenTheSquaredDistance()
    {
        // Lloyd's steps never increase the sum of squared distances from rows to their nearest site.
        var points = La();
        double Sse(DerivedSites d)
        {
            var plane = d.Projection.Project(points);
            var sites = d.Projection.Project(d.Sites);
            return plane.Sum(p => p.DistanceSquared(sites[NearestSiteIndex.BruteForce(sites, p)]));
        }
        var one = KMeansSites.Derive(points, 50, iterationCap: 1);
        var five = KMeansSites.Derive(points, 50, iterationCap: 5);
        var full = KMeansSites.Derive(points, 50);
        Assert.That(Sse(five), Is.LessThanOrEqualTo(Sse(one) * (1 + 1e-12)));
        Assert.That(Sse(full), Is.LessThanOrEqualTo(Sse(five) * (1 + 1e-12)));
        Assert.That(full.Iterations, Is.GreaterThan(5));
    }

    [Test]
    public void MoreSitesThanDistinctPlacesIsRefused()
    {
        var points = new[] { new GeoPoint(1, 1), new GeoPoint(1, 1), new GeoPoint(2, 2) };
        var e = Assert.Throws<ArgumentException>(() => KMeansSites.Derive(points, 3))!;
        Assert.That(e.Message, Does.Contain("only 2 distinct located places"));
        Assert.That(KMeansSites.Derive(points, 2).Sites.OrderBy(s => s.Latitude).ToArray(), Is.EqualTo(new[] { new GeoPoint(1, 1), new GeoPoint(2, 2) }).Using<GeoPoint>((x, y) =>
            Math.Abs(x.Latitude - y.Latitude) < 1e-12 && Math.Abs(x.Longitude - y.Longitude) < 1e-12));
    }
}
