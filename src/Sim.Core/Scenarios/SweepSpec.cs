namespace T2CSim.Core.Scenarios;

/// <summary>
/// A scenario's `sweep:` section: `t2c sweep` runs every algorithm at every workload multiplier
/// (Repeats runs each), and at every point of the grid of varied fields when `vary:` is given.
/// Algorithm names are checked by the sweep command against its planners.
/// </summary>
public sealed record SweepSpec(IReadOnlyList<double> Multipliers, IReadOnlyList<string> Algorithms)
{
    /// <summary>The grid's fields in the order written (empty: no grid, the sweep of multipliers alone).</summary>
    public IReadOnlyList<VariedField> Vary { get; init; } = [];
}

/// <summary>
/// One axis of a sweep's grid: a scenario field, written as a `--set` path, and the values it takes,
/// each as YAML text (a number, `true`, or a whole section such as `{distribution: uniform, low: 0.2, high: 0.3}`).
/// </summary>
public sealed record VariedField(string Field, IReadOnlyList<string> Values);
