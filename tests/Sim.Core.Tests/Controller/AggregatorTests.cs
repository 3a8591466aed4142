namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;

/// <summary>The request aggregator: groups by model (or model and task), largest first, deterministic ties, nothing lost.</summary>
public sealed class AggregatorTests
{
    private static readonly (string Model, string Task)[] Queue =
    [
        ("b", "x"), ("a", "y"), ("c", "x"), ("a", "x"), ("b", "y"), ("c", "x"), ("a", "y"), ("b", "x"),
    ];

    private static List<RequestRecord> Records() =>
        Queue.Select((q, i) => new RequestRecord(new Request(i, i, q.Model, q.Task, 0.5, 1))).ToList();

    [Test]
    public void MultiTaskGroupsByModelLargestFirstThenByName()
    {
        var groups = new Aggregator(multiTask: true).Group(Records());
        // a: 3 (ids 1, 3, 6), b: 3 (0, 4, 7), c: 2 (2, 5): a before b on the name tie.
        Assert.That(groups.Select(g => (g.Model, g.Task)), Is.EqualTo(new (string, string?)[] { ("a", null), ("b", null), ("c", null) }));
        Assert.That(groups.Select(g => g.Requests.Select(r => r.Request.Id)), Is.EqualTo(new[] { new[] { 1, 3, 6 }, new[] { 0, 4, 7 }, new[] { 2, 5 } }));
    }

    [Test]
    public void WithoutMultiTaskEachTaskIsItsOwnGroup()
    {
        var groups = new Aggregator(multiTask: false).Group(Records());
        // (a,y) 2, (b,x) 2, (c,x) 2, then (a,x) 1, (b,y) 1: size, then model, then task.
        Assert.That(groups.Select(g => (g.Model, g.Task, g.Requests.Count)), Is.EqualTo(new (string, string?, int)[]
        {
            ("a", "y", 2), ("b", "x", 2), ("c", "x", 2), ("a", "x", 1), ("b", "y", 1),
        }));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void EveryQueuedRequestIsInExactlyOneGroupInQueueOrder(bool multiTask)
    {
        var records = Records();
        var groups = new Aggregator(multiTask).Group(records);
        var all = groups.SelectMany(g => g.Requests).ToList();
        Assert.That(all, Is.EquivalentTo(records));
        Assert.That(all.Distinct().Count(), Is.EqualTo(records.Count));
        foreach (var g in groups)
        {
            Assert.That(g.Requests.Select(r => r.Request.Id), Is.Ordered, "queue order kept within a group");
            Assert.That(g.Requests.All(r => r.Request.Model == g.Model && (g.Task is null || r.Request.Task == g.Task)));
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void APeriodsGroupsAreThoseOfItsOwnQueueOnly(bool multiTask)
    {
        // The aggregator refills its lists every period: a later period must see neither the earlier
        // period's requests nor an empty group for a model that has none queued any more.
        var aggregator = new Aggregator(multiTask);
        var first = Records();
        aggregator.Group(first);
        var second = first.Where(r => r.Request.Model != "a").Reverse().ToList();
        var again = aggregator.Group(second);
        var fresh = new Aggregator(multiTask).Group(second);
        Assert.That(again.Select(g => (g.Model, g.Task)), Is.EqualTo(fresh.Select(g => (g.Model, g.Task))));
        Assert.That(again.Select(g => g.Requests.Select(r => r.Request.Id).ToArray()), Is.EqualTo(fresh.Select(g => g.Requests.Select(r => r.Request.Id).ToArray())));
        Assert.That(again.Any(g => g.Model == "a"), Is.False);
        Assert.That(aggregator.Group([]), Is.Empty);
    }

    [Test]
    public void NothingQueuedGivesNoGroup() =>
        Assert.That(new Aggregator(multiTask: true).Group([]), Is.Empty);
}
