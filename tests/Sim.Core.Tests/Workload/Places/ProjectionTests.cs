namespace T2CSim.Tests.Core.Workload.Places;

using T2CSim.Core.Workload.Places;

public sealed class ProjectionTests
{
    [Test]
    public void DistancesAreKilometresOnTheLocalPlane()
    {
        // One degree of arc on a sphere of radius 6371.0088 km is 6371.0088 × π / 180 = 111.19508 km.
        var p = new EquirectangularProjection(60);
        double degree = 6371.0088 * Math.PI / 180;
        Assert.That(Math.Sqrt(p.Project(new GeoPoint(61, 10)).DistanceSquared(p.Project(new GeoPoint(60, 10)))), Is.EqualTo(degree).Within(1e-9));
        // East-west shrinks by cos 60° = 1/2.
        Assert.That(Math.Sqrt(p.Project(new GeoPoint(60, 11)).DistanceSquared(p.Project(new GeoPoint(60, 10)))), Is.EqualTo(degree / 2).Within(1e-9));
    }

    [Test]
    public void ProjectionIsCentredOnTheMeanLatitudeAndInvertible()
    {
        var points = new[] { new GeoPoint(34.0, -118.3), new GeoPoint(34.2, -118.5), new GeoPoint(33.9, -118.1) };
        var p = EquirectangularProjection.AroundMeanOf(points);
        Assert.That(p.ReferenceLatitude, Is.EqualTo(34.0333333333).Within(1e-9));
        foreach (var g in points)
        {
            var back = p.Unproject(p.Project(g));
            Assert.That(back.Latitude, Is.EqualTo(g.Latitude).Within(1e-12));
            Assert.That(back.Longitude, Is.EqualTo(g.Longitude).Within(1e-12));
        }
    }
}
