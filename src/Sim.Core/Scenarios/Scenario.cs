namespace T2CSim.Core.Scenarios;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Randomness;
using T2CSim.Core.Workload;

/// <summary>
/// One experiment setting, loaded from a scenarios/*.yaml file by ScenarioLoader (schema in
/// docs/model.md and the thesis scenarios). Immutable; `with` derives variants (a sweep point).
/// </summary>
/// <param name="SourcePath">Absolute path of the YAML file.</param>
/// <param name="Seed">Seed of repeat 0; RepeatSeed gives the others.</param>
/// <param name="DurationS">Simulated time of one run.</param>
/// <param name="Repeats">Independent runs per setting (different seeds).</param>
/// <param name="ComputeNoiseCv">Coefficient of variation of simulated compute times around the lookup table (0: exact).</param>
/// <param name="Events">Timed changes of the links, sorted by time.</param>
/// <param name="Sweep">The multipliers and algorithms `t2c sweep` runs; null when the file has no sweep section.</param>
/// <param name="Overrides">The --set strings applied, for provenance.</param>
/// <param name="ResolvedYaml">The YAML tree after overrides, for provenance in results.</param>
public sealed record Scenario(
    string Name,
    string Description,
    string SourcePath,
    long Seed,
    double DurationS,
    int Repeats,
    Topology Topology,
    ModelCatalog Models,
    WorkloadSpec Workload,
    ControllerSettings Controller,
    double ComputeNoiseCv,
    IReadOnlyList<ScenarioEvent> Events,
    SweepSpec? Sweep,
    IReadOnlyList<string> Overrides,
    string ResolvedYaml)
{
    /// <summary>The testbed description the scenario references (`testbed:`, docs/validation.md); null: the ideal world.</summary>
    public Execution.TestbedDescription? Testbed { get; init; }

    /// <summary>Seed of repeat r (0-based): Seed + r. RandomStreams hashes it, so neighbours are independent.</summary>
    public long RepeatSeed(int repeat) => unchecked(Seed + repeat);

    /// <summary>The random streams of repeat r.</summary>
    public RandomStreams Streams(int repeat) => new(RepeatSeed(repeat));

    /// <summary>The same scenario at another workload multiplier (a sweep point).</summary>
    public Scenario WithMultiplier(double multiplier) => this with { Workload = Workload with { Multiplier = multiplier } };

    /// <summary>How big a run of this scenario may be (checked when loaded, and by a sweep for its largest multiplier).</summary>
    public RunLimits Limits { get; init; } = RunLimits.Default;
}
