namespace T2CSim.Tests.Experiments.Sweeps;

using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;
using T2CSim.Tests.Experiments.Support;

/// <summary>
/// Shards partition a plan's cells, and `t2c merge` of all of them writes byte for byte the files of
/// the unsharded sweep; an incomplete or mixed set of shards is refused in one line.
/// </summary>
public sealed class ShardMergeTests
{
    private static SweepPlan GridPlan(SweepFixture fixture) =>
        SweepPlan.From(fixture.Scenario(), ["NEU", "T2C_MHE", "T2C_MHER"], [1, 4], 2, [new VariedField("controller.aggregation_period_s", ["10", "20"])]);

    [TestCase(4, 48)]
    [TestCase(5, 48)]
    [TestCase(7, 10)]
    public void ShardsPartitionTheCells(int count, int cells)
    {
        var all = Enumerable.Range(0, cells).Select(i => new SweepCell("NEU", 1, i)).ToList();
        var slices = Enumerable.Range(0, count).Select(i => new SweepShard(i, count).Of(all)).ToList();
        Assert.That(slices.SelectMany(s => s).Order(Comparer<SweepCell>.Create((a, b) => a.Repeat.CompareTo(b.Repeat))), Is.EqualTo(all));
        Assert.That(slices.Select(s => s.Count), Is.EqualTo(Enumerable.Range(0, count).Select(i => SweepShard.Size(i, count, cells))));
        Assert.That(slices.Max(s => s.Count) - slices.Min(s => s.Count), Is.LessThanOrEqualTo(1), "round-robin: shards differ by one cell at most");
    }

    [Test]
    [Category("Slow")]
    public void FourShardsMergedEqualTheUnshardedSweepByteForByte()
    {
        using var fixture = new SweepFixture();
        var plan = GridPlan(fixture);
        string whole = fixture.Output("whole"), merged = fixture.Output("merged");
        SweepJob.Execute(plan, whole, 2, plots: false, plainProgress: TextWriter.Null);
        var shards = Enumerable.Range(0, 4).Select(i => fixture.Output($"shard-{i}")).ToList();
        for (int i = 0; i < 4; i++) SweepJob.Execute(plan, shards[i], 1, plots: false, plainProgress: TextWriter.Null, shard: new SweepShard(i, 4));
        Assert.That(Table.Read(Path.Combine(shards[1], SweepFiles.Runs)).Rows, Has.Count.EqualTo(24 / 4), "3 algorithms x 2 points x 2 multipliers x 2 repeats, dealt to 4 shards");

        SweepMerge.Merge([shards[2], shards[0], shards[3], shards[1]], merged);
        foreach (var file in new[] { SweepFiles.Runs, SweepFiles.Summary, SweepFiles.Timelines, SweepFiles.Events, SweepFiles.NodeClasses, SweepFiles.ScenarioCopy })
            Assert.That(File.ReadAllBytes(Path.Combine(merged, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(whole, file))), file);
        // timing.csv is wall clock: only its keys can be compared.
        var timing = Table.Read(Path.Combine(merged, SweepFiles.Timing));
        var wholeTiming = Table.Read(Path.Combine(whole, SweepFiles.Timing));
        Assert.That(timing.Rows.Select(r => r.Take(5)), Is.EqualTo(wholeTiming.Rows.Select(r => r.Take(5))));
    }

    [Test]
    public void MissingDuplicatedOrForeignShardsAreRefused()
    {
        using var fixture = new SweepFixture();
        var plan = GridPlan(fixture);
        var shards = Enumerable.Range(0, 3).Select(i => fixture.Output($"s{i}")).ToList();
        for (int i = 0; i < 3; i++) SweepJob.Execute(plan, shards[i], 1, plots: false, plainProgress: TextWriter.Null, shard: new SweepShard(i, 3));
        string other = fixture.Output("other");
        SweepJob.Execute(SweepPlan.From(fixture.Scenario("controller.deployment_time_s=5"), ["NEU", "T2C_MHE", "T2C_MHER"], [1, 4], 2,
            [new VariedField("controller.aggregation_period_s", ["10", "20"])]), other, 1, plots: false, plainProgress: TextWriter.Null, shard: new SweepShard(1, 3));

        var missing = Assert.Throws<UserInputException>(() => SweepMerge.Merge([shards[0], shards[2]], fixture.Output("m1")))!;
        Assert.That(missing.Message, Does.Contain("missing shard(s) 1/3"));
        var twice = Assert.Throws<UserInputException>(() => SweepMerge.Merge([shards[0], shards[1], shards[1], shards[2]], fixture.Output("m2")))!;
        Assert.That(twice.Message, Does.Contain("shard 1/3 is also in"));
        var foreign = Assert.Throws<UserInputException>(() => SweepMerge.Merge([shards[0], other, shards[2]], fixture.Output("m3")))!;
        Assert.That(foreign.Message, Does.Contain("the shards ran different sweeps"));
        Assert.That(SweepShard.Parse("3/4"), Is.EqualTo(new SweepShard(3, 4)));
        Assert.Throws<UserInputException>(() => SweepShard.Parse("4/4"));
        Assert.Throws<UserInputException>(() => SweepShard.Parse("-1/4"));
    }
}
