namespace T2CSim.Core.Workload;

/// <summary>
/// How to find arrival times in a 311 CSV. Both null: recognise the column from the header
/// (LA `CreatedDate`, NYC `created_date`). Format is a .NET exact format such as
/// "MM/dd/yyyy hh:mm:ss tt", or "iso8601" (also the default when only the column is given).
/// </summary>
public sealed record TraceOptions(string? TimestampColumn = null, string? TimestampFormat = null)
{
    public const string Iso8601 = "iso8601";
}
