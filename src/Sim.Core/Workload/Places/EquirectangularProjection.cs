namespace T2CSim.Core.Workload.Places;

/// <summary>
/// Degrees to a local plane in kilometres: x = R·λ·cos φ0, y = R·φ, with φ0 the reference latitude
/// (a trace's mean latitude). Within a city (LA spans 0.6° of latitude) the east-west scale error
/// |cos φ / cos φ0 - 1| stays under 0.5 %, and unlike raw degrees a kilometre east counts as much as
/// a kilometre north (at 34° N a degree of longitude is only 0.83 of a degree of latitude). Cities
/// on the antimeridian are out of scope: longitudes are not wrapped.
/// </summary>
public sealed class EquirectangularProjection
{
    /// <summary>Mean Earth radius (IUGG), km.</summary>
    public const double EarthRadiusKm = 6371.0088;

    private const double Radians = Math.PI / 180.0;
    private readonly double _xScale;

    public double ReferenceLatitude { get; }

    public EquirectangularProjection(double referenceLatitude)
    {
        if (!(Math.Abs(referenceLatitude) < 90)) throw new ArgumentOutOfRangeException(nameof(referenceLatitude), "the reference latitude must lie strictly between the poles");
        ReferenceLatitude = referenceLatitude;
        _xScale = EarthRadiusKm * Radians * Math.Cos(referenceLatitude * Radians);
    }

    /// <summary>The projection around the mean latitude of the points (summed in order: deterministic).</summary>
    public static EquirectangularProjection AroundMeanOf(IReadOnlyList<GeoPoint> points)
    {
        if (points.Count == 0) throw new ArgumentException("no points to centre a projection on");
        double sum = 0;
        foreach (var p in points) sum += p.Latitude;
        return new EquirectangularProjection(sum / points.Count);
    }

    public PlanePoint Project(GeoPoint p) => new(p.Longitude * _xScale, p.Latitude * EarthRadiusKm * Radians);

    public GeoPoint Unproject(PlanePoint p) => new(p.Y / (EarthRadiusKm * Radians), p.X / _xScale);

    public PlanePoint[] Project(IReadOnlyList<GeoPoint> points)
    {
        var plane = new PlanePoint[points.Count];
        for (int i = 0; i < plane.Length; i++) plane[i] = Project(points[i]);
        return plane;
    }
}
