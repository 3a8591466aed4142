namespace T2CSim.Core.Workload;

using System.Text;

/// <summary>
/// A strict RFC 4180 record reader (quoted fields may hold commas, doubled quotes and line breaks).
/// Small on purpose: the 311 traces need nothing more, and every malformed record becomes a
/// UserInputException naming the file and the line where the record starts.
/// </summary>
internal static class CsvRecords
{
    /// <summary>Each record with the 1-based line on which it starts; blank lines are skipped.</summary>
    public static IEnumerable<(int Line, string[] Cells)> Read(TextReader reader, string source)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        int line = 1, recordLine = 1;
        bool quoted = false, cellWasQuoted = false, any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            char ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); cell.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (ch == '\n') line++;
                    cell.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"':
                    if (cell.Length > 0 || cellWasQuoted) throw new UserInputException(source, $"line {line}", "a quote inside an unquoted field");
                    quoted = cellWasQuoted = any = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    cellWasQuoted = false;
                    any = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (any || cell.Length > 0)
                    {
                        cells.Add(cell.ToString());
                        yield return (recordLine, cells.ToArray());
                    }
                    cells.Clear();
                    cell.Clear();
                    cellWasQuoted = any = false;
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (cellWasQuoted) throw new UserInputException(source, $"line {line}", "text after a closing quote");
                    cell.Append(ch);
                    any = true;
                    break;
            }
        }
        if (quoted) throw new UserInputException(source, $"line {recordLine}", "a quoted field is never closed");
        if (any || cell.Length > 0)
        {
            cells.Add(cell.ToString());
            yield return (recordLine, cells.ToArray());
        }
    }
}
