namespace T2CSim.Experiments.Sweeps;

using T2CSim.Experiments.Plots;
using T2CSim.Experiments.Results;

/// <summary>What a finished sweep wrote.</summary>
public sealed record SweepOutcome(IReadOnlyList<SweepRun> Runs, string Directory, IReadOnlyList<string> Plots, TimeSpan Wall);

/// <summary>
/// A whole sweep: run every cell, write the CSV files (runs.csv first), summarise, then plot. The
/// order matters: a failing plot or summary never loses the runs already written.
/// </summary>
public static class SweepJob
{
    public static SweepOutcome Execute(SweepPlan plan, string outDir, int parallel, bool plots, TextWriter? plainProgress = null)
    {
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var runs = SweepProgress.Track("sweep", plan.Cells.Count, tick => SweepRunner.Run(plan, parallel, tick), plainProgress);
        var elapsed = wall.Elapsed;
        SweepFiles.Write(outDir, plan, runs);
        SummaryTable.Write(Path.Combine(outDir, SweepFiles.Summary), SummaryTable.Build(Table.Read(Path.Combine(outDir, SweepFiles.Runs))));
        var figures = plots ? SweepPlotter.Plot(outDir) : [];
        return new SweepOutcome(runs, outDir, figures, elapsed);
    }
}
