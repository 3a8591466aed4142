namespace T2CSim.Core.Workload;

using System.Globalization;
using CsvHelper;

/// <summary>The arrival times of a 311 trace, as the clock times written in the file.</summary>
public sealed record Trace(string Source, string TimestampColumn, string TimestampFormat, IReadOnlyList<DateTime> Timestamps);

/// <summary>
/// Reads the creation timestamps of a 311 service-request CSV (Places.TraceCoordinateReader reads
/// their coordinates through the same rows, Rows). The two public formats are
/// recognised from the header; any other needs TraceOptions. Clock times are kept as written
/// (a UTC offset, if any, is dropped) because the daily cycle lives in local time.
/// </summary>
public static class TraceReader
{
    /// <summary>Header column -> timestamp format of the traces under shared/data/traces.</summary>
    public static readonly IReadOnlyList<(string Column, string Format)> KnownFormats =
    [
        ("CreatedDate", "MM/dd/yyyy hh:mm:ss tt"), // Los Angeles MyLA311
        ("created_date", TraceOptions.Iso8601),    // NYC Open Data (Socrata)
    ];

    public static Trace Read(string path, TraceOptions? options = null)
    {
        // Streamed (only the timestamps are kept); the public 311 exports run to gigabytes.
        InputFile.Check(path, "trace file", long.MaxValue);
        using var reader = new StreamReader(path);
        return Read(reader, path, options ?? new TraceOptions());
    }

    public static Trace Read(TextReader reader, string source, TraceOptions options)
    {
        var timestamps = new List<DateTime>();
        TraceColumns? columns = null;
        foreach (var row in Rows(reader, source, options, _ => []))
        {
            columns ??= row.Columns;
            timestamps.Add(row.Timestamp);
        }
        return new Trace(source, columns!.Timestamp, columns.Format, timestamps);
    }

    /// <summary>The columns a trace is read by: the timestamp column, its format, the whole header.</summary>
    internal sealed record TraceColumns(string Timestamp, string Format, string[] Header);

    /// <summary>One data row: its line number, its timestamp, and the trimmed cells of the extra columns asked for.</summary>
    internal readonly record struct TraceRow(long Line, DateTime Timestamp, string[] Extra, TraceColumns Columns);

    /// <summary>
    /// The data rows, streamed: timestamps parsed, plus the cells of the columns `extraColumns` picks
    /// from the header (the coordinate reader's latitude and longitude). Refuses a trace without rows.
    /// </summary>
    internal static IEnumerable<TraceRow> Rows(TextReader reader, string source, TraceOptions options, Func<string[], IReadOnlyList<string>> extraColumns)
    {
        // CsvHelper reads the header row itself (Headers) and yields data rows; quoted fields with
        // commas and line breaks, common in 311 exports, are its job.
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true });
        string[] header;
        try { header = csv.Headers.Select(h => h.Trim()).ToArray(); }
        catch (CsvFormatException e) { throw Malformed(source, e); }
        if (header.Length == 0) throw new UserInputException(source, "header", "the trace is empty");
        var (column, format) = ChooseColumn(header, source, options);
        var columns = new TraceColumns(column, format, header);
        int index = Array.IndexOf(header, column);
        var extra = extraColumns(header).Select(c => Array.IndexOf(header, c)).ToArray();
        long rows = 0;
        while (true)
        {
            try { if (!csv.Read()) break; }
            catch (CsvFormatException e) { throw Malformed(source, e); }
            long line = csv.LineNumber;
            if (csv.FieldCount != header.Length) throw new UserInputException(source, $"line {line}", $"{csv.FieldCount} cells where the header has {header.Length}");
            var timestamp = ParseTimestamp(csv.GetString(index).Trim(), format, source, $"line {line} {column}");
            var cells = new string[extra.Length];
            for (int i = 0; i < extra.Length; i++) cells[i] = csv.GetString(extra[i]).Trim();
            rows++;
            yield return new TraceRow(line, timestamp, cells, columns);
        }
        if (rows == 0) throw new UserInputException(source, column, "the trace has no rows");
    }

    private static UserInputException Malformed(string source, CsvFormatException e) =>
        new(source, $"line {e.LineNumber}", "malformed CSV record: " + e.Message.Split('\n')[0], e);

    private static (string Column, string Format) ChooseColumn(string[] header, string source, TraceOptions options)
    {
        if (options.TimestampColumn is { } column)
        {
            if (!header.Contains(column)) throw new UserInputException(source, "header", $"no column '{column}' (columns: {string.Join(", ", header)})");
            return (column, options.TimestampFormat ?? KnownFormatOf(column) ?? TraceOptions.Iso8601);
        }
        foreach (var (known, format) in KnownFormats)
            if (header.Contains(known)) return (known, options.TimestampFormat ?? format);
        throw new UserInputException(source, "header",
            $"no known timestamp column ({string.Join(", ", KnownFormats.Select(k => k.Column))}); name one with --timestamp-column and --timestamp-format");
    }

    private static string? KnownFormatOf(string column)
    {
        foreach (var (known, format) in KnownFormats)
            if (known == column) return format;
        return null;
    }

    private static DateTime ParseTimestamp(string text, string format, string source, string field)
    {
        if (format == TraceOptions.Iso8601)
        {
            // DateTimeOffset accepts the zone-less Socrata form too; .DateTime keeps the written clock time.
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso) && LooksIso(text))
                return iso.DateTime;
            throw new UserInputException(source, field, $"'{text}' is not an ISO 8601 timestamp");
        }
        if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        throw new UserInputException(source, field, $"'{text}' does not match the format {format}");
    }

    // DateTimeOffset.TryParse is lenient (it takes "12/27/2017"); ISO 8601 starts yyyy-MM-dd.
    private static bool LooksIso(string text) =>
        text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-' && text[7] == '-';
}
