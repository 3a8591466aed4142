namespace T2CSim.Tests.Experiments.Sweeps;

using T2CSim.Core;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;
using T2CSim.Tests.Core.Support;
using T2CSim.Tests.Experiments.Support;

public sealed class SweepPlanTests
{
    [Test]
    public void DefaultsComeFromTheScenario()
    {
        using var fixture = new SweepFixture();
        var plan = SweepPlan.From(fixture.Scenario());
        Assert.That(plan.Algorithms, Is.EqualTo(new[] { "NEU", "T2C_MHE" }));
        Assert.That(plan.Multipliers, Is.EqualTo(new[] { 1.0, 2.0 }));
        Assert.That(plan.Repeats, Is.EqualTo(2));
        Assert.That(plan.Cells, Has.Count.EqualTo(8));
    }

    [Test]
    public void AnUnknownAlgorithmOnTheCommandLineNamesTheOption()
    {
        using var fixture = new SweepFixture();
        var e = Assert.Throws<UserInputException>(() => SweepPlan.From(fixture.Scenario(), ["NEU", "T2C_XYZ"]))!;
        Assert.That(e.Field, Is.EqualTo("--algorithms"));
        Assert.That(e.Message, Does.Contain("T2C_XYZ").And.Contain("T2C_MHER"));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void AnUnknownAlgorithmInTheScenarioNamesTheFileAndField()
    {
        using var fixture = new SweepFixture(Fixtures.ScenarioYaml.Replace("algorithms: [NEU, T2C_MHE]", "algorithms: [NEU, Neurosurgeon]"));
        var e = Assert.Throws<UserInputException>(() => SweepPlan.From(fixture.Scenario()))!;
        Assert.That(e.Field, Is.EqualTo("sweep.algorithms"));
        Assert.That(e.File, Is.EqualTo(fixture.ScenarioPath));
        Assert.That(e.Message, Does.Contain("Neurosurgeon"));
    }

    [Test]
    public void NonPositiveRepeatsOrMultipliersAreRefused()
    {
        using var fixture = new SweepFixture();
        Assert.That(Assert.Throws<UserInputException>(() => SweepPlan.From(fixture.Scenario(), repeats: 0))!.Field, Is.EqualTo("--repeats"));
        Assert.That(Assert.Throws<UserInputException>(() => SweepPlan.From(fixture.Scenario(), multipliers: [1, -2]))!.Field, Is.EqualTo("--multipliers"));
    }

    [Test]
    public void AFailingPlotNeverLosesTheRuns()
    {
        using var fixture = new SweepFixture();
        string dir = fixture.Output("plot-fails");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "plots"), "a file where the plots folder should go");
        Assert.Throws<IOException>(() => SweepJob.Execute(fixture.Plan(), dir, parallel: 2, plots: true, plainProgress: TextWriter.Null));
        Assert.That(Table.Read(Path.Combine(dir, SweepFiles.Runs)).Rows, Has.Count.EqualTo(12));
        Assert.That(File.Exists(Path.Combine(dir, SweepFiles.Summary)));
    }

    [Test]
    public void TheResolvedScenarioIsKeptForProvenance()
    {
        using var fixture = new SweepFixture();
        string dir = fixture.Output("provenance");
        SweepJob.Execute(fixture.Plan("controller.aggregation_period_s=15"), dir, parallel: 1, plots: false, plainProgress: TextWriter.Null);
        string yaml = File.ReadAllText(Path.Combine(dir, SweepFiles.ScenarioCopy));
        Assert.That(yaml, Does.Contain("# --set controller.aggregation_period_s=15"));
        Assert.That(yaml, Does.Contain("# swept: algorithms NEU,T2C_MHE,T2C_MHER; multipliers 1,4; repeats 2"));
        Assert.That(yaml, Does.Contain("aggregation_period_s: 15"));
    }
}
