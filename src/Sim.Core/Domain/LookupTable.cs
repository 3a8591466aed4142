namespace T2CSim.Core.Domain;

using System.Globalization;
using System.Text;

/// <summary>One row of a lookup table: a stem layer, a branch layer, an exit head, or the raw input.</summary>
/// <param name="Kind">"input", "stem", "branch" or "exit".</param>
/// <param name="Task">Empty for input and stem rows.</param>
/// <param name="Position">Backbone position (1-based); for an exit, the position it reads (After); 0 for input.</param>
/// <param name="LatencyMs">Mean compute latency on each tier of the table, in milliseconds (empty for input).</param>
/// <param name="Accuracy">For exits: accuracy of the task at that exit, 0..1; NaN otherwise.</param>
public sealed record LookupRow(string Kind, string Task, int Position, string Name, long OutputBytes, double[] LatencyMs, double Accuracy);

/// <summary>
/// The measured lookup table of one model (docs/lookup-tables.md): per layer and per exit head, the
/// mean compute latency on each tier and the output size. Written by `t2c profile`, read by the simulator.
/// Lines starting with '#' are provenance comments and are kept.
/// </summary>
public sealed class LookupTable
{
    public const string Header = "kind,task,position,name,output_bytes";

    public string Model { get; }
    public IReadOnlyList<string> Tiers { get; }
    public IReadOnlyList<LookupRow> Rows { get; }
    public IReadOnlyList<string> Comments { get; }

    public LookupTable(string model, IReadOnlyList<string> tiers, IReadOnlyList<LookupRow> rows, IReadOnlyList<string>? comments = null)
    {
        Model = model;
        Tiers = tiers;
        Rows = rows;
        Comments = comments ?? [];
    }

    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, ToCsv());
    }

    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.Append("# model: ").Append(Model).Append('\n');
        foreach (var c in Comments) sb.Append("# ").Append(c).Append('\n');
        sb.Append(Header);
        foreach (var t in Tiers) sb.Append(',').Append(t).Append("_ms");
        sb.Append(",accuracy\n");
        foreach (var r in Rows)
        {
            sb.Append(r.Kind).Append(',').Append(r.Task).Append(',').Append(r.Position.ToString(CultureInfo.InvariantCulture))
              .Append(',').Append(r.Name).Append(',').Append(r.OutputBytes.ToString(CultureInfo.InvariantCulture));
            for (int k = 0; k < Tiers.Count; k++)
                sb.Append(',').Append(r.Kind == "input" ? "" : r.LatencyMs[k].ToString("0.######", CultureInfo.InvariantCulture));
            sb.Append(',').Append(double.IsNaN(r.Accuracy) ? "" : r.Accuracy.ToString("0.####", CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Reads a table; every problem is a UserInputException naming the file, line and column.</summary>
    public static LookupTable Read(string path)
    {
        InputFile.Check(path, "lookup table", MaxTableBytes);
        // Streamed line by line: only the parsed rows are kept, never the whole text.
        return Parse(File.ReadLines(path), path);
    }

    /// <summary>The committed tables are a few kilobytes (a row per layer); 16 MiB is thousands of networks' worth.</summary>
    public const long MaxTableBytes = 16 << 20;

    public static LookupTable Parse(IReadOnlyList<string> lines, string source) => Parse((IEnumerable<string>)lines, source);

    public static LookupTable Parse(IEnumerable<string> lineSource, string source)
    {
        string? model = null;
        var comments = new List<string>();
        string[]? header = null;
        var rows = new List<LookupRow>();
        List<string> tiers = [];
        int n = -1;
        foreach (var raw in lineSource)
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var text = line.TrimStart('#').Trim();
                if (text.StartsWith("model:", StringComparison.Ordinal)) model = text["model:".Length..].Trim();
                else comments.Add(text);
                continue;
            }
            var cells = line.Split(',');
            if (header is null)
            {
                header = cells;
                if (!line.StartsWith(Header, StringComparison.Ordinal) || cells[^1] != "accuracy" || cells.Length < 7)
                    throw new UserInputException(source, "header", $"expected '{Header},<tier>_ms...,accuracy', got '{line}'");
                for (int i = 5; i < cells.Length - 1; i++)
                {
                    if (!cells[i].EndsWith("_ms", StringComparison.Ordinal)) throw new UserInputException(source, "header", $"column '{cells[i]}' should be <tier>_ms");
                    tiers.Add(cells[i][..^3]);
                }
                continue;
            }
            string where = $"line {n + 1}";
            if (cells.Length != header.Length) throw new UserInputException(source, where, $"{cells.Length} cells where the header has {header.Length}");
            var kind = cells[0];
            if (kind is not ("input" or "stem" or "branch" or "exit")) throw new UserInputException(source, $"{where} kind", $"'{kind}' is not input, stem, branch or exit");
            int position = ParseInt(cells[2], source, $"{where} position");
            long bytes = ParseLong(cells[4], source, $"{where} output_bytes");
            var latency = new double[tiers.Count];
            if (kind != "input")
                for (int k = 0; k < tiers.Count; k++)
                {
                    latency[k] = ParseDouble(cells[5 + k], source, $"{where} {header[5 + k]}");
                    if (latency[k] < 0) throw new UserInputException(source, $"{where} {header[5 + k]}", "latency is negative");
                }
            double accuracy = double.NaN;
            if (kind == "exit")
            {
                accuracy = ParseDouble(cells[^1], source, $"{where} accuracy");
                if (accuracy is < 0 or > 1) throw new UserInputException(source, $"{where} accuracy", $"{accuracy} is outside 0..1");
            }
            if ((kind is "branch" or "exit") && cells[1].Length == 0) throw new UserInputException(source, $"{where} task", $"a {kind} row needs a task");
            rows.Add(new LookupRow(kind, cells[1], position, cells[3], bytes, latency, accuracy));
        }
        if (header is null) throw new UserInputException(source, "header", "the table is empty");
        model ??= Path.GetFileNameWithoutExtension(source);
        return new LookupTable(model, tiers, rows, comments);
    }

    /// <summary>
    /// Builds the model the predictor and planners use, with latency columns reordered to the
    /// topology's tiers. Accuracy overrides (task -> exit name -> accuracy) come from the scenario.
    /// </summary>
    public ModelSpec ToModelSpec(Topology topology, string source, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? accuracyOverrides = null, string? name = null) =>
        ToModelSpec(topology.Paths[0].Nodes.Select(n => topology.Nodes[n]).ToArray(), source, accuracyOverrides, name);

    /// <summary>
    /// The same for the nodes of a path (stage k on pathNodes[k]): tier k's latencies are the column of
    /// the node's class, divided by the node's speed. Paths with the same classes and speeds give equal
    /// models, so a scenario builds one per such tuple and binds it to many devices (ModelSpec.At).
    /// </summary>
    public ModelSpec ToModelSpec(IReadOnlyList<TierSpec> pathNodes, string source, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? accuracyOverrides = null, string? name = null)
    {
        var column = new int[pathNodes.Count];
        for (int k = 0; k < pathNodes.Count; k++)
        {
            column[k] = -1;
            string cls = pathNodes[k].ClassName;
            for (int j = 0; j < Tiers.Count; j++)
                if (string.Equals(Tiers[j], cls, StringComparison.OrdinalIgnoreCase)) column[k] = j;
            if (column[k] < 0) throw new UserInputException(source, $"{cls}_ms", $"the lookup table has no column for tier {cls}");
        }
        // A node's speed scales its column (1: the table as measured, divided by exactly 1).
        double[] Seconds(double[] ms) => column.Select((j, k) => ms[j] / 1000.0 / pathNodes[k].Speed).ToArray();

        var input = Rows.Where(r => r.Kind == "input").ToList();
        if (input.Count != 1) throw new UserInputException(source, "input", "the table needs exactly one input row");
        var stem = Rows.Where(r => r.Kind == "stem").OrderBy(r => r.Position).ToList();
        for (int i = 0; i < stem.Count; i++)
            if (stem[i].Position != i + 1) throw new UserInputException(source, $"stem position {i + 1}", "missing layer (stem positions must run 1, 2, 3, ...)");
        var taskNames = Rows.Where(r => r.Kind is "branch" or "exit").Select(r => r.Task).Distinct().ToList();
        if (taskNames.Count == 0) throw new UserInputException(source, "task", "the table has no task");
        var tasks = new List<TaskSpec>();
        foreach (var task in taskNames)
        {
            var path = stem.Select(r => new LayerSpec(r.Position, r.Name, null, Seconds(r.LatencyMs), r.OutputBytes)).ToList();
            var branch = Rows.Where(r => r.Kind == "branch" && r.Task == task).OrderBy(r => r.Position).ToList();
            foreach (var r in branch)
            {
                if (r.Position != path.Count + 1) throw new UserInputException(source, $"{task} position {path.Count + 1}", "missing layer (branch positions continue the stem without gaps)");
                path.Add(new LayerSpec(r.Position, r.Name, task, Seconds(r.LatencyMs), r.OutputBytes));
            }
            var exitRows = Rows.Where(r => r.Kind == "exit" && r.Task == task).OrderBy(r => r.Position).ToList();
            if (exitRows.Count == 0) throw new UserInputException(source, $"{task} exits", "the task has no exit");
            var exits = new List<ExitSpec>();
            for (int i = 0; i < exitRows.Count; i++)
            {
                var r = exitRows[i];
                if (r.Position < 1 || r.Position > path.Count) throw new UserInputException(source, $"{task} exit {r.Name}", $"reads position {r.Position}, outside 1..{path.Count}");
                if (i > 0 && r.Position == exitRows[i - 1].Position) throw new UserInputException(source, $"{task} exit {r.Name}", "two exits read the same position");
                double accuracy = r.Accuracy;
                if (accuracyOverrides is not null && accuracyOverrides.TryGetValue(task, out var byExit) && byExit.TryGetValue(r.Name, out var a)) accuracy = a;
                exits.Add(new ExitSpec(task, i, r.Name, r.Position, Seconds(r.LatencyMs), r.OutputBytes, accuracy));
            }
            if (exits[^1].After != path.Count) throw new UserInputException(source, $"{task} exits", $"the final exit reads position {exits[^1].After}, but the task's last layer is at {path.Count}");
            tasks.Add(new TaskSpec(task, path, exits));
        }
        return new ModelSpec(name ?? Model, input[0].OutputBytes, stem.Count, tasks);
    }

    private static int ParseInt(string s, string source, string field) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new UserInputException(source, field, $"'{s}' is not an integer");
    private static long ParseLong(string s, string source, string field) =>
        long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new UserInputException(source, field, $"'{s}' is not a byte count");
    private static double ParseDouble(string s, string source, string field) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : throw new UserInputException(source, field, $"'{s}' is not a number");
}
