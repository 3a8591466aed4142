namespace T2CSim.Experiments.Results;

using T2CSim.Core;

/// <summary>A CSV file read back (runs.csv, summary.csv, timing.csv, ...): cells looked up by column name.</summary>
public sealed class Table
{
    public string Path { get; }
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<string[]> Rows { get; }
    private readonly Dictionary<string, int> _columns;

    public Table(string path, IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Count; i++)
            if (!_columns.TryAdd(header[i], i)) throw new UserInputException(path, header[i], "column appears twice in the header");
    }

    public static Table Read(string path)
    {
        var (header, rows) = CsvTable.Read(path);
        return new Table(path, header, rows);
    }

    public bool Has(string column) => _columns.ContainsKey(column);

    public int Column(string column) =>
        _columns.TryGetValue(column, out int i) ? i : throw new UserInputException(Path, column, "no such column");

    public string Text(string[] row, string column) => row[Column(column)];

    public double Number(string[] row, string column) => CsvTable.ParseNum(row[Column(column)], Path, column);
}
