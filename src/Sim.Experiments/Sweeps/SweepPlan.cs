namespace T2CSim.Experiments.Sweeps;

using T2CSim.Core;
using T2CSim.Core.Planning;
using T2CSim.Core.Scenarios;

/// <summary>One cell of a sweep: an independent simulated run, at point `Point` of the plan's grid.</summary>
public sealed record SweepCell(string Algorithm, double Multiplier, int Repeat, int Point = 0);

/// <summary>
/// What a sweep runs: every algorithm at every grid point and multiplier, Repeats times. Built from
/// the scenario's `sweep:` section and `repeats`, each overridable from the command line. The cells
/// are listed in the order the result files use: algorithms as given, grid points in grid order,
/// multipliers ascending, repeats ascending.
/// </summary>
public sealed record SweepPlan(Scenario Scenario, IReadOnlyList<string> Algorithms, IReadOnlyList<double> Multipliers, int Repeats)
{
    /// <summary>The varied fields and their points; one point (the scenario) when nothing varies.</summary>
    public SweepGrid Grid { get; init; } = SweepGrid.Single(Scenario);

    public IReadOnlyList<SweepCell> Cells => _cells ??=
        [.. from a in Algorithms from p in Enumerable.Range(0, Grid.Points.Count) from m in Multipliers from r in Enumerable.Range(0, Repeats) select new SweepCell(a, m, r, p)];
    private IReadOnlyList<SweepCell>? _cells;

    /// <summary>The scenario a cell runs: its grid point's at its multiplier.</summary>
    public Scenario ScenarioOf(SweepCell cell) => Grid.Points[cell.Point].Scenario.WithMultiplier(cell.Multiplier);

    /// <summary>
    /// The plan of a scenario, with optional overrides. Unknown algorithms are refused naming where
    /// they were written: the --algorithms option or the scenario's sweep.algorithms field; `vary`
    /// (from --vary) replaces the scenario's sweep.vary.
    /// </summary>
    public static SweepPlan From(Scenario scenario, IReadOnlyList<string>? algorithms = null, IReadOnlyList<double>? multipliers = null, int? repeats = null,
        IReadOnlyList<VariedField>? vary = null)
    {
        var names = algorithms is null
            ? Canonical(scenario.Sweep?.Algorithms ?? AlgorithmCatalog.Names, scenario.SourcePath, "sweep.algorithms")
            : Canonical(algorithms, null, "--algorithms");
        var points = multipliers ?? scenario.Sweep?.Multipliers ?? [scenario.Workload.Multiplier];
        foreach (double m in points)
            if (!(m > 0) || double.IsInfinity(m)) throw new UserInputException(null, "--multipliers", $"{m} is not a positive multiplier");
        int n = repeats ?? scenario.Repeats;
        if (n < 1) throw new UserInputException(null, "--repeats", $"{n}: at least one run per cell is needed");
        // Ascending and distinct: the files list multipliers in order whatever order they were given in.
        var sorted = points.Distinct().Order().ToArray();
        if (sorted.Length > 0) scenario.Limits.Check(scenario, sorted[^1], multipliers is null ? "sweep.multipliers x duration_s" : "--multipliers x duration_s");
        if (names.Count == 0) throw new UserInputException(null, "--algorithms", "no algorithm");
        if (sorted.Length == 0) throw new UserInputException(null, "--multipliers", "no multiplier");
        var grid = vary is null
            ? SweepGrid.Of(scenario, scenario.Sweep?.Vary ?? [], "sweep.vary")
            : SweepGrid.Of(scenario, vary, "--vary");
        return new SweepPlan(scenario, names, sorted, n) { Grid = grid };
    }

    private static List<string> Canonical(IEnumerable<string> names, string? file, string field)
    {
        var result = new List<string>();
        foreach (var name in names)
        {
            string canonical = AlgorithmCatalog.Names.FirstOrDefault(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new UserInputException(file, field, $"unknown algorithm '{name.Trim()}'; valid names: {string.Join(", ", AlgorithmCatalog.Names)}");
            if (!result.Contains(canonical)) result.Add(canonical);
        }
        return result;
    }
}
