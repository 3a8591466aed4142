namespace T2CSim.Experiments.Sweeps;

using T2CSim.Core;
using T2CSim.Experiments.Results;

/// <summary>
/// `t2c merge`: joins the folders of a sharded sweep into the files the unsharded sweep writes.
/// Every shard of one plan must be there once (their shard.txt say i/N and the plan's cell count)
/// with the same scenario.yaml; the plan's order is restored by dealing the shards' rows back (cell
/// k is run k / N of shard k mod N, see SweepShard), and summary.csv is recomputed from the merged
/// runs.csv as the sweep itself does, so runs.csv and summary.csv are byte-identical to the
/// unsharded sweep's (timing.csv is the shards' wall clock, merged the same way).
/// </summary>
public static class SweepMerge
{
    private static readonly string[] PerRun = [SweepFiles.Runs, SweepFiles.Timing];
    private static readonly string[] PerBin = [SweepFiles.Timelines, SweepFiles.Events];
    // Several rows per run, like the per-bin files; merged when every shard with runs wrote it (shards of an older t2c did not).
    private static readonly string[] PerRunOptional = [SweepFiles.NodeClasses];

    public static void Merge(IReadOnlyList<string> shardDirs, string outDir)
    {
        if (shardDirs.Count == 0) throw new UserInputException(null, "DIRS", "no shard folder given");
        var shards = shardDirs.Select(d => (Dir: d, Info: SweepShard.Read(d))).ToList();
        int count = shards[0].Info.Shard.Count, cells = shards[0].Info.Cells;
        foreach (var (dir, info) in shards)
            if (info.Shard.Count != count || info.Cells != cells)
                throw new UserInputException(Path.Combine(dir, SweepShard.File), null, $"shard {info.Shard} of {info.Cells} cells does not belong with {Path.Combine(shards[0].Dir, SweepShard.File)} (shard {shards[0].Info.Shard} of {cells} cells)");
        var byIndex = new string[count];
        foreach (var (dir, info) in shards)
        {
            if (byIndex[info.Shard.Index] is { } other)
                throw new UserInputException(Path.Combine(dir, SweepShard.File), null, $"shard {info.Shard} is also in {other}");
            byIndex[info.Shard.Index] = dir;
        }
        var missing = Enumerable.Range(0, count).Where(i => byIndex[i] is null).ToList();
        if (missing.Count > 0) throw new UserInputException(null, "DIRS", $"missing shard(s) {string.Join(", ", missing.Select(i => $"{i}/{count}"))}");

        string scenario = File.ReadAllText(Path.Combine(byIndex[0], SweepFiles.ScenarioCopy));
        foreach (var dir in byIndex)
            if (File.ReadAllText(Path.Combine(dir, SweepFiles.ScenarioCopy)) != scenario)
                throw new UserInputException(Path.Combine(dir, SweepFiles.ScenarioCopy), null, $"differs from {Path.Combine(byIndex[0], SweepFiles.ScenarioCopy)}: the shards ran different sweeps");

        // Each shard's runs, in its order; their keys say which rows of the per-bin files are whose.
        var shardRuns = byIndex.Select((dir, i) => ReadOrEmpty(dir, SweepFiles.Runs, SweepShard.Size(i, count, cells))).ToArray();
        Directory.CreateDirectory(outDir);
        foreach (var file in PerRun) WritePerRun(byIndex, file, cells, count, outDir);
        foreach (var file in PerBin) WritePerBin(byIndex, shardRuns, file, cells, count, outDir);
        foreach (var file in PerRunOptional)
            if (byIndex.Where((dir, i) => SweepShard.Size(i, count, cells) > 0).All(dir => File.Exists(Path.Combine(dir, file))))
                WritePerBin(byIndex, shardRuns, file, cells, count, outDir);
        File.WriteAllText(Path.Combine(outDir, SweepFiles.ScenarioCopy), scenario);
        SummaryTable.WriteOf(Path.Combine(outDir, SweepFiles.Runs), Path.Combine(outDir, SweepFiles.Summary));
    }

    private static void WritePerRun(string[] dirs, string file, int cells, int count, string outDir)
    {
        var tables = dirs.Select((dir, i) => ReadOrEmpty(dir, file, SweepShard.Size(i, count, cells))).ToArray();
        var header = CommonHeader(tables, dirs, file);
        var rows = Enumerable.Range(0, cells).Select(k => (IReadOnlyList<string>)tables[k % count]!.Rows[k / count]);
        CsvTable.Write(Path.Combine(outDir, file), header, rows);
    }

    private static void WritePerBin(string[] dirs, Table?[] runs, string file, int cells, int count, string outDir)
    {
        var tables = dirs.Select((dir, i) => SweepShard.Size(i, count, cells) == 0 ? null : Table.Read(Path.Combine(dir, file))).ToArray();
        var header = CommonHeader(tables, dirs, file);
        var groups = tables.Select(t => t is null ? [] : t.Rows.GroupBy(r => KeyOf(t, r)).ToDictionary(g => g.Key, g => g.ToList())).ToArray();
        var rows = new List<IReadOnlyList<string>>();
        for (int k = 0; k < cells; k++)
        {
            var run = runs[k % count]!;
            if (groups[k % count].TryGetValue(KeyOf(run, run.Rows[k / count]), out var mine)) rows.AddRange(mine);
        }
        CsvTable.Write(Path.Combine(outDir, file), header, rows);
    }

    /// <summary>A run's key: every column up to and including repeat (algorithm, varied fields, multiplier, repeat).</summary>
    private static string KeyOf(Table table, string[] row) => string.Join('\u001f', row.Take(table.Column("repeat") + 1));

    /// <summary>A shard's file with the number of runs it must hold; a shard with no cell has no runs.csv.</summary>
    private static Table? ReadOrEmpty(string dir, string file, int expected)
    {
        if (expected == 0) return null;
        var table = Table.Read(Path.Combine(dir, file));
        if (table.Rows.Count != expected) throw new UserInputException(table.Path, null, $"{table.Rows.Count} runs where the shard holds {expected}: the shard did not finish");
        return table;
    }

    private static IReadOnlyList<string> CommonHeader(Table?[] tables, string[] dirs, string file)
    {
        var first = tables.FirstOrDefault(t => t is not null) ?? throw new UserInputException(null, "DIRS", $"no shard has a {file}");
        for (int i = 0; i < tables.Length; i++)
            if (tables[i] is { } t && !t.Header.SequenceEqual(first.Header))
                throw new UserInputException(Path.Combine(dirs[i], file), null, $"its columns differ from {first.Path}'s");
        return first.Header;
    }
}
