namespace T2CSim.Experiments.Sweeps;

using T2CSim.Experiments.Plots;
using T2CSim.Experiments.Results;

/// <summary>What a finished sweep wrote.</summary>
public sealed record SweepOutcome(IReadOnlyList<SweepRun> Runs, string Directory, IReadOnlyList<string> Plots, TimeSpan Wall);

/// <summary>
/// A whole sweep, or one shard of it: run the cells, write the CSV files (runs.csv first),
/// summarise, then plot. The order matters: a failing plot or summary never loses the runs already
/// written. A shard also writes shard.txt, which `t2c merge` checks.
/// </summary>
public static class SweepJob
{
    public static SweepOutcome Execute(SweepPlan plan, string outDir, int parallel, bool plots, TextWriter? plainProgress = null, SweepShard? shard = null)
    {
        var cells = shard?.Of(plan.Cells) ?? plan.Cells;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var runs = SweepProgress.Track("sweep", cells.Count, tick => SweepRunner.Run(plan, cells, parallel, tick), plainProgress);
        var elapsed = wall.Elapsed;
        SweepFiles.Write(outDir, plan, runs);
        if (shard is not null) File.WriteAllText(Path.Combine(outDir, SweepShard.File), shard.Describe(plan.Cells.Count));
        // A shard past the end of a small plan has no runs and so no runs.csv to summarise or plot.
        if (runs.Count == 0) return new SweepOutcome(runs, outDir, [], elapsed);
        SummaryTable.WriteOf(Path.Combine(outDir, SweepFiles.Runs), Path.Combine(outDir, SweepFiles.Summary));
        var figures = plots ? SweepPlotter.Plot(outDir) : [];
        return new SweepOutcome(runs, outDir, figures, elapsed);
    }
}
