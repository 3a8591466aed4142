namespace T2CSim.Experiments.Results;

using System.Globalization;
using CsvHelper;
using T2CSim.Core;

/// <summary>
/// Tidy CSV files (one header row, one observation per row) through CsvHelper, with numbers written
/// the same way on every machine so that equal runs give byte-identical files.
/// </summary>
public static class CsvTable
{
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Written to a temporary file and moved, so a failure never leaves half a results file.
        string temp = path + ".tmp";
        using (var writer = CsvWriter.ToFile(temp, new CsvWriterOptions { NewLine = "\n" }))
        {
            writer.WriteHeader(header.ToArray());
            foreach (var row in rows)
            {
                if (row.Count != header.Count) throw new InvalidOperationException($"{path}: row of {row.Count} cells under a header of {header.Count}");
                writer.WriteRecord(row.ToArray());
            }
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a CSV file into its header and rows; a missing file or a ragged row is a one-line error.</summary>
    public static (string[] Header, List<string[]> Rows) Read(string path)
    {
        if (!File.Exists(path)) throw new UserInputException(path, null, "file not found");
        // CsvHelper 34 reads the header row itself (HasHeader defaults to true): it is Headers, and
        // Read() yields data rows only.
        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { TrackLineNumbers = true });
        var header = reader.Headers.ToArray();
        if (header.Length == 0) throw new UserInputException(path, null, "the file is empty");
        var rows = new List<string[]>();
        while (reader.Read())
        {
            if (reader.FieldCount != header.Length) throw new UserInputException(path, $"line {reader.LineNumber}", $"{reader.FieldCount} cells under a header of {header.Length}");
            var cells = new string[reader.FieldCount];
            for (int i = 0; i < cells.Length; i++) cells[i] = reader.GetString(i);
            rows.Add(cells);
        }
        return (header, rows);
    }

    public static string Num(double value, int decimals = 6) =>
        double.IsNaN(value) ? "" : double.IsPositiveInfinity(value) ? "inf" : Math.Round(value, decimals).ToString("0.############", CultureInfo.InvariantCulture);

    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static double ParseNum(string cell, string path, string field) =>
        cell.Length == 0 ? double.NaN
        : cell == "inf" ? double.PositiveInfinity
        : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
        : throw new UserInputException(path, field, $"'{cell}' is not a number");
}
