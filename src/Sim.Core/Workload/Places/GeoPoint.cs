namespace T2CSim.Core.Workload.Places;

/// <summary>A place on the Earth in degrees (WGS 84, as the 311 exports write them).</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    /// <summary>Whether the point lies on the globe: |latitude| &lt;= 90 and |longitude| &lt;= 180.</summary>
    public bool OnGlobe => Math.Abs(Latitude) <= 90 && Math.Abs(Longitude) <= 180;
}

/// <summary>A point of the local plane (EquirectangularProjection), in kilometres.</summary>
public readonly record struct PlanePoint(double X, double Y)
{
    /// <summary>Squared distance: the one formula every nearest-site answer and its brute-force check use.</summary>
    public double DistanceSquared(PlanePoint other)
    {
        double dx = X - other.X, dy = Y - other.Y;
        return dx * dx + dy * dy;
    }
}
