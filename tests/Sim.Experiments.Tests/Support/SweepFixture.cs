namespace T2CSim.Tests.Experiments.Support;

using T2CSim.Core.Scenarios;
using T2CSim.Experiments.Sweeps;
using T2CSim.Tests.Core.Support;

/// <summary>
/// The hand-written fixture scenario (Sim.Core.Tests' Fixtures: the "duo" table, a ramp profile, a
/// link change at 20 s and 30 s) in a scratch folder, with a scratch output folder beside it. Short
/// 60 s runs, so a whole sweep takes well under a second and needs no measured lookup table.
/// </summary>
public sealed class SweepFixture : IDisposable
{
    private readonly ScenarioFolder _folder;

    public SweepFixture(string? yaml = null) => _folder = new ScenarioFolder(yaml);

    public string ScenarioPath => _folder.ScenarioPath;

    public Scenario Scenario(params string[] overrides) => ScenarioLoader.Load(ScenarioPath, overrides);

    /// <summary>Three algorithms (one reconfiguring) at two loads, two repeats: 12 runs.</summary>
    public SweepPlan Plan(params string[] overrides) => SweepPlan.From(Scenario(overrides), ["NEU", "T2C_MHE", "T2C_MHER"], [1, 4], 2);

    public string Output(string name) => Path.Combine(_folder.Directory, "out", name);

    public void Dispose() => _folder.Dispose();
}
