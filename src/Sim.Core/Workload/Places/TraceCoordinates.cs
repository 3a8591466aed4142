namespace T2CSim.Core.Workload.Places;

/// <summary>A trace row with usable coordinates: when the request was made and where.</summary>
public readonly record struct TracePoint(DateTime Timestamp, GeoPoint Location);

/// <summary>
/// The rows of a 311 trace that carry coordinates, and how many were skipped and why
/// (TraceCoordinateReader): Missing = a latitude or longitude cell is empty; NullIsland = both are
/// exactly 0 (an export's placeholder, not a place in either city); OffGlobe = |lat| &gt; 90 or |lon| &gt; 180.
/// </summary>
public sealed record TraceCoordinates(
    string Source,
    string LatitudeColumn,
    string LongitudeColumn,
    long Rows,
    long Missing,
    long NullIsland,
    long OffGlobe,
    IReadOnlyList<TracePoint> Points)
{
    public long Skipped => Missing + NullIsland + OffGlobe;

    /// <summary>One line for a report: "9999 rows, 8246 with coordinates, 1753 skipped (1753 empty, 0 at 0,0, 0 off the globe)".</summary>
    public string Summary =>
        $"{Rows} rows, {Points.Count} with coordinates, {Skipped} skipped ({Missing} empty, {NullIsland} at 0,0, {OffGlobe} off the globe)";
}
