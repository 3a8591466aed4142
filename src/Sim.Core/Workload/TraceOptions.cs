namespace T2CSim.Core.Workload;

/// <summary>
/// How to find arrival times (and, for places, coordinates) in a 311 CSV. Null: recognise the column
/// from the header (LA `CreatedDate`, `Latitude`, `Longitude`; NYC `created_date`, `latitude`,
/// `longitude`). Format is a .NET exact format such as "MM/dd/yyyy hh:mm:ss tt", or "iso8601"
/// (also the default when only the column is given).
/// </summary>
public sealed record TraceOptions(
    string? TimestampColumn = null,
    string? TimestampFormat = null,
    string? LatitudeColumn = null,
    string? LongitudeColumn = null)
{
    public const string Iso8601 = "iso8601";
}
