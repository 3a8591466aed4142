namespace T2CSim.Tests.Experiments.Sweeps;

using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;
using T2CSim.Tests.Experiments.Support;

/// <summary>A sweep's files depend on the scenario and the plan only: not on the workers nor on the order runs finish in.</summary>
public sealed class SweepDeterminismTests
{
    [Test]
    public void OneAndTwoWorkersWriteIdenticalFiles()
    {
        using var fixture = new SweepFixture();
        var plan = fixture.Plan();
        string one = fixture.Output("one"), two = fixture.Output("two");
        SweepJob.Execute(plan, one, parallel: 1, plots: false, plainProgress: TextWriter.Null);
        SweepJob.Execute(plan, two, parallel: 2, plots: false, plainProgress: TextWriter.Null);
        foreach (var file in new[] { SweepFiles.Runs, SweepFiles.Summary, SweepFiles.Timelines, SweepFiles.Events, SweepFiles.NodeClasses })
            Assert.That(File.ReadAllBytes(Path.Combine(two, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(one, file))), file);
        Assert.That(Table.Read(Path.Combine(one, SweepFiles.Runs)).Rows, Has.Count.EqualTo(12));
    }

    [Test]
    public void RowsFollowTheGivenAlgorithmsThenAscendingMultipliersThenRepeats()
    {
        using var fixture = new SweepFixture();
        var plan = SweepPlan.From(fixture.Scenario(), ["T2C_MHE", "neu"], [4, 1], 2);
        string dir = fixture.Output("order");
        SweepJob.Execute(plan, dir, parallel: 2, plots: false, plainProgress: TextWriter.Null);
        var runs = Table.Read(Path.Combine(dir, SweepFiles.Runs));
        var keys = runs.Rows.Select(r => $"{runs.Text(r, "algorithm")} {runs.Text(r, "multiplier")} {runs.Text(r, "repeat")}").ToList();
        Assert.That(keys, Is.EqualTo(new[]
        {
            "T2C_MHE 1 0", "T2C_MHE 1 1", "T2C_MHE 4 0", "T2C_MHE 4 1",
            "NEU 1 0", "NEU 1 1", "NEU 4 0", "NEU 4 1",
        }), "algorithm names are also written in the catalog's spelling");
        // Repeat r runs with seed + r: the row says so.
        Assert.That(runs.Rows.Select(r => runs.Text(r, "seed")).Take(2), Is.EqualTo(new[] { "7", "8" }));
    }

    [Test]
    public void ProgressCountsEveryRunInPlainLines()
    {
        using var fixture = new SweepFixture();
        var log = new StringWriter();
        SweepJob.Execute(fixture.Plan(), fixture.Output("progress"), parallel: 2, plots: false, plainProgress: log);
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(12));
        Assert.That(lines[0], Is.EqualTo("sweep: 1/12 (8%)"));
        Assert.That(lines[^1], Is.EqualTo("sweep: 12/12 (100%)"));
    }
}
