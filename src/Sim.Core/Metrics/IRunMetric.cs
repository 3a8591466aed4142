namespace T2CSim.Core.Metrics;

using T2CSim.Core.Controller;
using T2CSim.Core.Scenarios;

/// <summary>What a metric may read of a finished run: its scenario, every request's record, the controller's events, the deployments, the timeline and the built-in metrics.</summary>
public sealed record FinishedRun(Scenario Scenario, string Algorithm, long Seed, RunLog Log, IReadOnlyList<TimelineBin> Timeline, RunSummary Summary);

/// <summary>
/// A metric beyond the thesis's: one number per run, computed from the run's records. Registered with
/// MetricCatalog.Register, it becomes a column of summary.csv (`t2c run`, `t2c hil`) and of a sweep's
/// runs.csv, so summary.csv gets its mean and 95% CI per point and `t2c plot --metrics NAME` draws it
/// (docs/extending.md). Must be a pure function of the run: it is called from every sweep worker at once.
/// </summary>
public interface IRunMetric
{
    /// <summary>The column name: lower-case letters, digits and underscores, not a built-in column.</summary>
    string Name { get; }

    /// <summary>The run's value; NaN when undefined (an empty cell, left out of the sweep's mean).</summary>
    double Compute(FinishedRun run);
}

/// <summary>A metric's value in one run, in registration order after the built-in columns.</summary>
public sealed record MetricValue(string Name, double Value);
