namespace T2CSim.Tests.Core.Planning;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;

/// <summary>
/// The aggregator groups once and the planners read its groups (PlanningContext.Groups): every
/// planner's plan is the same as when it groups the requests itself, and a planner that groups
/// differently from the aggregator (multi-task or not) groups again rather than misreading them.
/// </summary>
public class InstanceGroupingTests
{
    private static readonly IDeploymentPlanner[] Planners =
    [
        new T2CGreedyPlanner("T2C_MHE", ExitPointSelection.StrictestAccuracy),
        new T2CGreedyPlanner("T2C_M", ExitPointSelection.FinalExit),
        new NeurosurgeonPlanner(),
        new EdgentPlanner(),
        new OptimalPlanner(),
        new OptimalPlanner("OPT-single", multiTask: false),
    ];

    /// <summary>The requests in the aggregator's order, and its groups as the deployment manager hands them to the planner.</summary>
    private static (PlanningContext Grouped, PlanningContext Ungrouped) Aggregated(PlanningContext context, bool multiTask)
    {
        var groups = new Aggregator(multiTask).Group(context.Requests.Select(r => new RequestRecord(r)).ToList());
        var requests = new List<Request>();
        var planningGroups = new List<RequestGroup>();
        foreach (var g in groups)
        {
            planningGroups.Add(new RequestGroup(g.Model, g.Task, requests.Count, g.Requests.Count));
            requests.AddRange(g.Requests.Select(r => r.Request));
        }
        var ungrouped = context with { Requests = requests };
        return (ungrouped with { Groups = planningGroups }, ungrouped);
    }

    private static string Describe(DeploymentPlan plan) => string.Join("\n",
        plan.Deployments.Select(d => $"{d.Model} {d.Partition} [{string.Join(",", d.TiersUsed)}] " +
            $"{string.Join(";", d.Tasks.Select(t => $"{t.Task}:{t.ExitIndex}:{t.PredictedLatencyS:R}"))} served {string.Join(",", d.ServedRequestIds)}")
        .Append($"slots {string.Join(",", plan.SlotsUsed)} unplaced {string.Join(",", plan.UnplacedRequestIds)}"));

    private static IEnumerable<PlanningContext> Workloads()
    {
        for (int seed = 0; seed < 60; seed++) yield return TestModels.Random(seed);
        // Larger: more models and tasks than the random property instances, requests interleaved.
        for (int seed = 0; seed < 3; seed++)
            yield return SyntheticPlanningWorkload.Create(new SyntheticWorkloadOptions { Models = 8, Slots = [2, 3, 6] }, seed).Context();
    }

    [Test]
    public void EveryPlannerPlansTheSameFromTheAggregatorsGroupsAsFromTheRequests()
    {
        int compared = 0;
        foreach (var context in Workloads())
            foreach (bool multiTask in new[] { true, false })
            {
                var (grouped, ungrouped) = Aggregated(context, multiTask);
                foreach (var planner in Planners)
                {
                    Assert.That(Describe(planner.Plan(grouped)), Is.EqualTo(Describe(planner.Plan(ungrouped))), $"{planner.Name}, multi-task groups {multiTask}");
                    compared++;
                }
            }
        Assert.That(compared, Is.EqualTo(63 * 2 * Planners.Length));
    }

    /// <summary>
    /// A planning call reuses pooled buffers (the requests' requirements and ids, the sorted
    /// requirement lists, the evaluator's arrays) left full by the call before: a call right after
    /// a larger and a different one plans exactly as a fresh planner's first call does, and the
    /// requests read as a list, an array or another IReadOnlyList give the same plan.
    /// </summary>
    [Test]
    public void ConsecutiveCallsOnDifferentInputsPlanAsFreshPlanners()
    {
        var large = SyntheticPlanningWorkload.Create(new SyntheticWorkloadOptions { Models = 60 }, 7).Context();
        var small = SyntheticPlanningWorkload.Create(new SyntheticWorkloadOptions { Models = 9, Slots = [2, 3, 6] }, 3).Context();
        var other = TestModels.Random(11);
        IDeploymentPlanner[] Fresh() =>
        [
            new T2CGreedyPlanner("T2C_MHE", ExitPointSelection.StrictestAccuracy),
            new T2CGreedyPlanner("T2C_M", ExitPointSelection.FinalExit),
            new T2CGreedyPlanner("T2C_MHE/best-count", ExitPointSelection.BestCount),
            new NeurosurgeonPlanner(),
            new EdgentPlanner(),
        ];
        var reused = Fresh();
        for (int p = 0; p < reused.Length; p++)
        {
            string name = reused[p].Name;
            foreach (var context in new[] { small, other, large })
            {
                string expected = Describe(Fresh()[p].Plan(context));
                reused[p].Plan(large);
                Assert.That(Describe(reused[p].Plan(context)), Is.EqualTo(expected), $"{name} after a larger call");
                reused[p].Plan(context == small ? other : small);
                Assert.That(Describe(reused[p].Plan(context)), Is.EqualTo(expected), $"{name} after a different call");
                var asArray = context with { Requests = context.Requests.ToArray() };
                var asReadOnly = context with { Requests = context.Requests.ToList().AsReadOnly() };
                Assert.That(Describe(reused[p].Plan(asArray)), Is.EqualTo(expected), $"{name}, requests as an array");
                Assert.That(Describe(reused[p].Plan(asReadOnly)), Is.EqualTo(expected), $"{name}, requests as a read-only collection");
            }
        }
    }

    [Test]
    public void TheInstancesFromGroupsAreThoseOfGroupingAgain()
    {
        foreach (var context in Workloads())
            foreach (bool multiTask in new[] { true, false })
            {
                var (grouped, ungrouped) = Aggregated(context, multiTask);
                using var fromGroups = InstanceDemands.Group(grouped, multiTask);
                using var regrouped = InstanceDemands.Group(ungrouped, multiTask);
                Assert.That(Instances(fromGroups), Is.EqualTo(Instances(regrouped)));
            }
    }

    private static List<string> Instances(InstanceDemands demands)
    {
        var list = new List<string>();
        foreach (ref readonly var d in demands.Instances)
            list.Add($"{d.Label} {d.RequestCount} " + string.Join(" | ", d.Tasks.Select(t =>
                $"{t.Task.Name}: {string.Join(",", Enumerable.Range(0, t.RequestCount).Select(i => t.Request(i).Id))}")));
        return list;
    }

    [Test]
    public void GroupsThatDoNotMatchTheRequestsAreRefused()
    {
        var (grouped, _) = Aggregated(TestModels.Random(3), multiTask: false);
        var groups = grouped.Groups!;
        Assert.That(grouped.Requests, Is.Not.Empty);
        var uncovered = grouped with { Groups = groups.Take(groups.Count - 1).ToList() };
        Assert.Throws<ArgumentException>(() => InstanceDemands.Group(uncovered, multiTask: false).Dispose(), "the last group's requests are in no group");
        var wrongTask = grouped with { Groups = [groups[0] with { Task = "no such task" }, .. groups.Skip(1)] };
        Assert.Throws<ArgumentException>(() => InstanceDemands.Group(wrongTask, multiTask: false).Dispose(), "a group's requests are of its task");
    }
}
