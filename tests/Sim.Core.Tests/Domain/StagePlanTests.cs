namespace T2CSim.Tests.Core.Domain;

using T2CSim.Core.Domain;
using T2CSim.Tests.Core.Support;

/// <summary>
/// The one stage plan on the fixture's "duo" (stem 1..2; task a: a.fc at 3; task b: b.conv at 3,
/// b.fc at 4; output bytes: input 1000, stem1 4000, stem2 2000, a.fc 500, b.conv 1500, b.fc 100).
/// </summary>
public sealed class StagePlanTests
{
    private static readonly ModelSpec Duo = Fixtures.Duo(Fixtures.DuoTopology());

    private static (TaskSpec, ExitSpec)[] Tasks(params (string Task, int Exit)[] tasks) => Fixtures.TasksAt(Duo, tasks);

    [Test]
    public void Stem_once_then_each_branch_with_its_exit_where_it_falls()
    {
        // a to its final exit (reads 3), b to its early exit (reads 2); cuts (1, 2): device 1, edge 2, cloud 3..
        var tasks = Tasks(("a", 1), ("b", 0));
        var plan = StagePlan.Of(Duo, tasks, new PartitionPoints(1, 2));
        Assert.That((plan.DeepestExit, plan.LastTier, plan.ExitTier(0), plan.ExitTier(1)), Is.EqualTo((3, 2, 2, 1)));

        var device = plan.Stage(0);
        Assert.That((device.StemFrom, device.StemTo, device.Branches.Count), Is.EqualTo((1, 1, 0)));
        var edge = plan.Stage(1);
        Assert.That((edge.StemFrom, edge.StemTo, edge.Branches.Count), Is.EqualTo((2, 2, 0)));
        Assert.That(plan.StemExitsAfter(2), Is.EqualTo(new[] { 1 }), "b's early exit runs right after stem2, on the edge");
        var cloud = plan.Stage(2);
        Assert.That(cloud.HasStem, Is.False);
        Assert.That(cloud.Branches, Is.EqualTo(new[] { new BranchRun(0, 3, 3, true) }));

        // Table times on the tier that runs them: device stem1 10 ms; edge stem2 8 + b.exit1 3 ms; cloud a.fc 6 + a.final 0.5 ms.
        Assert.That(plan.Work(tasks, 0).Steps, Is.EqualTo(new[] { new StageWork.Step(0.010, -1) }));
        Assert.That(plan.Work(tasks, 1).Steps, Is.EqualTo(new[] { new StageWork.Step(0.008, -1), new StageWork.Step(0.003, 1) }));
        Assert.That(plan.Work(tasks, 2).Steps, Is.EqualTo(new[] { new StageWork.Step(0.006, -1), new StageWork.Step(0.0005, 0) }));

        // Raw frame; stem1's output shared by both tasks; past stem2 only a continues, with stem2's output (still the stem).
        Assert.That(Enumerable.Range(0, 3).Select(k => plan.BytesCrossing(Duo, tasks, k)), Is.EqualTo(new long[] { 1000, 4000, 2000 }));
        Assert.That(plan.Continuing(2), Is.EqualTo(new[] { 0 }));
        Assert.That(plan.SharesStemTensor(2), Is.True);
    }

    [Test]
    public void Past_the_stem_each_continuing_task_sends_its_own_branch_output()
    {
        // Both to their final exits, cuts (3, 3): the device runs the stem and a (exits there) and b.conv;
        // the edge passes b through; the cloud runs b.fc and b's exit.
        var tasks = Tasks(("a", 1), ("b", 1));
        var plan = StagePlan.Of(Duo, tasks, new PartitionPoints(3, 3));
        Assert.That(plan.Stage(0).Branches, Is.EqualTo(new[] { new BranchRun(0, 3, 3, true), new BranchRun(1, 3, 3, false) }));
        Assert.That(plan.Stage(1).Branches, Is.Empty, "a pass-through tier");
        Assert.That(plan.Work(tasks, 1).IsEmpty, Is.True);
        Assert.That(plan.Stage(2).Branches, Is.EqualTo(new[] { new BranchRun(1, 4, 4, true) }));
        Assert.That(plan.Continuing(1), Is.EqualTo(new[] { 1 }));
        Assert.That(plan.SharesStemTensor(1), Is.False);
        Assert.That(Enumerable.Range(0, 3).Select(k => plan.BytesCrossing(Duo, tasks, k)), Is.EqualTo(new long[] { 1000, 1500, 1500 }));
        Assert.That(plan.Positions(1, 0), Is.EqualTo((1, 3)));
        Assert.That(plan.Positions(1, 2), Is.EqualTo((4, 4)));
    }
}
