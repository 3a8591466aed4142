namespace T2CSim.Core.Scenarios;

/// <summary>
/// A scenario's `sweep:` section: `t2c sweep` runs every algorithm at every workload multiplier
/// (Repeats runs each). Algorithm names are checked by the sweep command against its planners.
/// </summary>
public sealed record SweepSpec(IReadOnlyList<double> Multipliers, IReadOnlyList<string> Algorithms);
