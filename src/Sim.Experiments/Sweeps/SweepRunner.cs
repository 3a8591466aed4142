namespace T2CSim.Experiments.Sweeps;

using System.Collections.Concurrent;
using T2CSim.Core.Simulation;

/// <summary>
/// Runs cells of a plan (all, or a shard's) as independent Experiment.Runs on up to `parallel`
/// workers. Each run owns its simulation, random streams and controller, so the results do not
/// depend on the order or the number of workers: they are stored by cell index and returned in the
/// order of the cells given.
/// </summary>
public static class SweepRunner
{
    public static IReadOnlyList<SweepRun> Run(SweepPlan plan, int parallel, Action? onRunDone = null, CancellationToken cancel = default) =>
        Run(plan, plan.Cells, parallel, onRunDone, cancel);

    public static IReadOnlyList<SweepRun> Run(SweepPlan plan, IReadOnlyList<SweepCell> cells, int parallel, Action? onRunDone = null, CancellationToken cancel = default)
    {
        var results = new SweepRun[cells.Count];
        // The heaviest cells (highest multipliers) go first so that no long run starts last and
        // leaves the other workers idle; the order only affects the wall time, never the results.
        var order = Enumerable.Range(0, cells.Count).OrderByDescending(i => cells[i].Multiplier).ThenBy(i => i).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancel };
        Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering), options, i =>
        {
            results[i] = RunCell(plan, cells[i]);
            onRunDone?.Invoke();
        });
        return results;
    }

    public static SweepRun RunCell(SweepPlan plan, SweepCell cell)
    {
        var result = Experiment.Run(plan.ScenarioOf(cell), cell.Algorithm, cell.Repeat);
        var marks = result.Log.Events.Where(e => SweepRun.MarkedKinds.Contains(e.Kind)).ToList();
        return new SweepRun(cell, result.Summary, result.Timing, result.Timeline, marks) { NodeClasses = result.Nodes?.Summary() ?? [] };
    }
}
