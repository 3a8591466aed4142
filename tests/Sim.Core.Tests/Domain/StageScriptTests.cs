namespace T2CSim.Tests.Core.Domain;

using T2CSim.Core.Domain;
using T2CSim.Tests.Core.Support;

/// <summary>
/// A stage script is its stage plan worked out per tier, and jobs of one shape share one script
/// (the fixture's "duo", as in <see cref="StagePlanTests"/>).
/// </summary>
public sealed class StageScriptTests
{
    private static readonly ModelSpec Duo = Fixtures.Duo(Fixtures.DuoTopology());

    private static (TaskSpec, ExitSpec)[] Tasks(params (string Task, int Exit)[] tasks) => Fixtures.TasksAt(Duo, tasks);

    [Test]
    public void A_script_holds_what_its_plan_says_for_every_tier_up_to_the_last()
    {
        foreach (var (tasks, cuts) in new[]
        {
            (Tasks(("a", 1), ("b", 0)), new PartitionPoints(1, 2)),
            (Tasks(("a", 1), ("b", 1)), new PartitionPoints(3, 3)),
            (Tasks(("b", 0)), new PartitionPoints(0, 4)),
        })
        {
            var plan = StagePlan.Of(Duo, tasks, cuts);
            var script = new StageScript(Duo, tasks, cuts);
            Assert.That(script.LastTier, Is.EqualTo(plan.LastTier));
            for (int tier = 0; tier <= plan.LastTier; tier++)
            {
                Assert.That(script.BytesCrossing(tier), Is.EqualTo(plan.BytesCrossing(Duo, tasks, tier)), $"link {tier} under {cuts}");
                var work = plan.Work(tasks, tier);
                Assert.That(script.Work(tier).Steps, Is.EqualTo(work.Steps), $"tier {tier} under {cuts}");
                Assert.That(script.Work(tier).LookupS, Is.EqualTo(work.LookupS), $"tier {tier} under {cuts}");
            }
        }
    }

    [Test]
    public void Jobs_of_one_shape_share_a_script_and_other_shapes_get_their_own()
    {
        var scripts = new StageScripts();
        var cuts = new PartitionPoints(1, 2);
        var first = scripts.For(Duo, Tasks(("a", 1), ("b", 0)), cuts);
        // Another list with the same tasks at the same exits, and an equal partition: the same shape.
        Assert.That(scripts.For(Duo, Tasks(("a", 1), ("b", 0)), new PartitionPoints(1, 2)), Is.SameAs(first));
        Assert.That(scripts.For(Duo, Tasks(("a", 1), ("b", 1)), cuts), Is.Not.SameAs(first), "another exit");
        Assert.That(scripts.For(Duo, Tasks(("b", 0), ("a", 1)), cuts), Is.Not.SameAs(first), "another slot order");
        Assert.That(scripts.For(Duo, Tasks(("a", 1), ("b", 0)), new PartitionPoints(2, 2)), Is.Not.SameAs(first), "another partition");
        var other = Fixtures.Duo(Fixtures.DuoTopology());
        var otherTasks = new[] { (other.Task("a"), other.Task("a").Exits[1]), (other.Task("b"), other.Task("b").Exits[0]) };
        Assert.That(scripts.For(other, otherTasks, cuts), Is.Not.SameAs(first), "another model");
    }
}
