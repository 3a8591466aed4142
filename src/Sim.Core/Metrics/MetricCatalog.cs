namespace T2CSim.Core.Metrics;

using T2CSim.Core.Extensions;

/// <summary>
/// The metrics researchers added (none built in: the thesis's metrics are RunSummary's own fields).
/// Every run computes every registered metric, in registration order.
/// </summary>
public static class MetricCatalog
{
    private static readonly NamedRegistry<IRunMetric> Registry = new("metric", m => m.Name, []);

    public static IReadOnlyList<string> Names => Registry.Names;

    /// <summary>Adds a metric, for the rest of the process or until the result is disposed.</summary>
    public static IDisposable Register(IRunMetric metric)
    {
        if (metric.Name.Length == 0 || !metric.Name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            throw new UserInputException(null, "metric", $"'{metric.Name}' is not a column name (lower-case letters, digits, underscores)");
        return Registry.Register(metric);
    }

    /// <summary>Every registered metric's value for a finished run.</summary>
    public static IReadOnlyList<MetricValue> Compute(FinishedRun run) =>
        Registry.Items.Select(m => new MetricValue(m.Name, m.Compute(run))).ToArray();
}
