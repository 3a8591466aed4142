namespace T2CSim.Core.Workload;

using System.Globalization;
using CsvHelper;

/// <summary>The arrival times of a 311 trace, as the clock times written in the file.</summary>
public sealed record Trace(string Source, string TimestampColumn, string TimestampFormat, IReadOnlyList<DateTime> Timestamps);

/// <summary>
/// Reads the creation timestamps of a 311 service-request CSV. The two public formats are
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
        // CsvHelper reads the header row itself (Headers) and yields data rows; quoted fields with
        // commas and line breaks, common in 311 exports, are its job.
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true });
        try
        {
            var header = csv.Headers.Select(h => h.Trim()).ToArray();
            if (header.Length == 0) throw new UserInputException(source, "header", "the trace is empty");
            var (column, format) = ChooseColumn(header, source, options);
            int index = Array.IndexOf(header, column);
            var timestamps = new List<DateTime>();
            while (csv.Read())
            {
                long line = csv.LineNumber;
                if (csv.FieldCount != header.Length) throw new UserInputException(source, $"line {line}", $"{csv.FieldCount} cells where the header has {header.Length}");
                timestamps.Add(ParseTimestamp(csv.GetString(index).Trim(), format, source, $"line {line} {column}"));
            }
            if (timestamps.Count == 0) throw new UserInputException(source, column, "the trace has no rows");
            return new Trace(source, column, format, timestamps);
        }
        catch (CsvFormatException e)
        {
            throw new UserInputException(source, $"line {e.LineNumber}", "malformed CSV record: " + e.Message.Split('\n')[0], e);
        }
    }

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
