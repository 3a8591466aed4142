namespace T2CSim.Experiments.Regression;

using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;

/// <summary>
/// The CI throughput regression: scenarios/ci-regression.yaml swept in full, its runs.csv committed
/// as results/baseline/runs.csv. `t2c baseline` rewrites it on purpose; `t2c baseline --check` and the
/// regression test rerun the sweep and list every metric that moved.
/// </summary>
public static class RegressionBaseline
{
    public static string ScenarioPath => ProjectPaths.InRoot("scenarios", "ci-regression.yaml");
    public static string Directory => ProjectPaths.InRoot("results", "baseline");
    public static string RunsPath => Path.Combine(Directory, SweepFiles.Runs);

    public static SweepPlan Plan() => SweepPlan.From(ScenarioLoader.Load(ScenarioPath));

    /// <summary>The plan's runs as the runs.csv table they would be written as, without touching the disk.</summary>
    public static Table ToTable(IReadOnlyList<SweepRun> runs) =>
        new("(this build)", SweepFiles.RunsHeader(runs[0]), runs.Select(r => SweepFiles.RunsRow(r).ToArray()).ToList());

    public static Table RunNow(int parallel) => ToTable(SweepRunner.Run(Plan(), parallel));

    public static Table Committed()
    {
        if (!File.Exists(RunsPath))
            throw new UserInputException(RunsPath, null, "no baseline: create it with `t2c baseline` (results/README.md)");
        return Table.Read(RunsPath);
    }

    /// <summary>Rewrites results/baseline: runs.csv (the baseline) and scenario.yaml (its provenance).</summary>
    public static void Write(int parallel)
    {
        var plan = Plan();
        var runs = SweepRunner.Run(plan, parallel);
        System.IO.Directory.CreateDirectory(Directory);
        CsvTable.Write(RunsPath, SweepFiles.RunsHeader(runs[0]), runs.Select(r => SweepFiles.RunsRow(r)));
        File.WriteAllText(Path.Combine(Directory, SweepFiles.ScenarioCopy), SweepFiles.Provenance(plan));
    }
}
