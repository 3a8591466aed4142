namespace T2CSim.Core.Workload.Places;

using System.Globalization;

/// <summary>
/// Reads (timestamp, latitude, longitude) from a 311 trace, streamed through TraceReader's rows
/// (same timestamp columns and formats). Coordinate columns are recognised from the header (LA
/// Latitude/Longitude, NYC latitude/longitude) or named in TraceOptions. Rows without a usable
/// place are counted and skipped (TraceCoordinates says why); a cell that is not a number is an
/// error naming file, line and column, since it means the column is not what we think it is.
/// </summary>
public static class TraceCoordinateReader
{
    public static readonly IReadOnlyList<(string Latitude, string Longitude)> KnownColumns =
    [
        ("Latitude", "Longitude"), // Los Angeles MyLA311
        ("latitude", "longitude"), // NYC Open Data (Socrata)
    ];

    public static TraceCoordinates Read(string path, TraceOptions? options = null)
    {
        InputFile.Check(path, "trace file", long.MaxValue);
        using var reader = new StreamReader(path);
        return Read(reader, path, options ?? new TraceOptions());
    }

    public static TraceCoordinates Read(TextReader reader, string source, TraceOptions options)
    {
        string latColumn = "", lonColumn = "";
        IReadOnlyList<string> Choose(string[] header)
        {
            (latColumn, lonColumn) = ChooseColumns(header, source, options);
            return [latColumn, lonColumn];
        }
        long rows = 0, missing = 0, nullIsland = 0, offGlobe = 0;
        var points = new List<TracePoint>();
        foreach (var row in TraceReader.Rows(reader, source, options, Choose))
        {
            rows++;
            string latText = row.Extra[0], lonText = row.Extra[1];
            if (latText.Length == 0 || lonText.Length == 0) { missing++; continue; }
            var point = new GeoPoint(Parse(latText, source, row.Line, latColumn), Parse(lonText, source, row.Line, lonColumn));
            if (point.Latitude == 0 && point.Longitude == 0) { nullIsland++; continue; }
            if (!point.OnGlobe) { offGlobe++; continue; }
            points.Add(new TracePoint(row.Timestamp, point));
        }
        if (points.Count == 0) throw new UserInputException(source, $"{latColumn}, {lonColumn}", $"none of the {rows} rows has usable coordinates");
        return new TraceCoordinates(source, latColumn, lonColumn, rows, missing, nullIsland, offGlobe, points);
    }

    private static (string, string) ChooseColumns(string[] header, string source, TraceOptions options)
    {
        if (options.LatitudeColumn is not null || options.LongitudeColumn is not null)
        {
            if (options.LatitudeColumn is null || options.LongitudeColumn is null)
                throw new UserInputException(source, "header", "name both the latitude and the longitude column, or neither");
            foreach (var c in new[] { options.LatitudeColumn, options.LongitudeColumn })
                if (!header.Contains(c)) throw new UserInputException(source, "header", $"no column '{c}' (columns: {string.Join(", ", header)})");
            return (options.LatitudeColumn!, options.LongitudeColumn!);
        }
        foreach (var (lat, lon) in KnownColumns)
            if (header.Contains(lat) && header.Contains(lon)) return (lat, lon);
        throw new UserInputException(source, "header",
            $"no known coordinate columns ({string.Join("; ", KnownColumns.Select(k => $"{k.Latitude}, {k.Longitude}"))}); name them with --latitude-column and --longitude-column");
    }

    private static double Parse(string text, string source, long line, string column) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v : throw new UserInputException(source, $"line {line} {column}", $"'{text}' is not a number");
}
