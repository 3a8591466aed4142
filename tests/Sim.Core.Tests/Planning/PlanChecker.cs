namespace T2CSim.Tests.Core.Planning;

using T2CSim.Core.Planning;

/// <summary>
/// Checks a plan against the problem's definitions, recomputing everything from the predictor and
/// the requests (none of the planners' helpers), and returns the number of requests it serves.
/// </summary>
internal static class PlanChecker
{
    public static int Check(DeploymentPlan plan, PlanningContext context)
    {
        var view = context.Predictor;
        int tiers = view.TierCount;
        var slots = new int[tiers];
        var served = new HashSet<int>();
        var instances = new HashSet<(string, string)>();
        foreach (var d in plan.Deployments)
        {
            var model = view.Catalog[d.Model];
            var expectedTiers = new SortedSet<int>();
            var expectedServed = new List<int>();
            Assert.That(d.Tasks, Is.Not.Empty, $"{d.Model} is deployed with no task");
            foreach (var a in d.Tasks)
            {
                Assert.That(instances.Add((d.Model, a.Task)), Is.True, $"{d.Model}/{a.Task} is deployed twice");
                var task = model.Task(a.Task);
                var exit = task.Exits[a.ExitIndex];
                Assert.That(a.Accuracy, Is.EqualTo(exit.Accuracy));
                double latency = view.Predict(model, task, exit, d.Partition);
                Assert.That(a.PredictedLatencyS, Is.EqualTo(latency).Within(1e-12), $"{d.Model}/{a.Task} latency");
                for (int k = 0; k < tiers; k++)
                    if (d.Partition.Runs(k, exit.After)) expectedTiers.Add(k);
                foreach (var r in context.Requests)
                    if (r.Model == d.Model && r.Task == a.Task && exit.Accuracy >= r.MinAccuracy && latency <= r.MaxLatencyS)
                        expectedServed.Add(r.Id);
            }
            expectedServed.Sort();
            Assert.That(d.TiersUsed, Is.EqualTo(expectedTiers.ToArray()), $"{d.Model} tiers");
            Assert.That(d.ServedRequestIds, Is.EqualTo(expectedServed), $"{d.Model} served requests");
            foreach (int k in d.TiersUsed) slots[k]++;
            foreach (int id in d.ServedRequestIds) Assert.That(served.Add(id), Is.True, $"request {id} served twice");
        }
        Assert.That(plan.SlotsUsed, Is.EqualTo(slots), "slots used");
        for (int k = 0; k < tiers; k++)
            Assert.That(slots[k], Is.LessThanOrEqualTo(context.FreeSlots[k]), $"tier {k} over its slots");
        var unplaced = context.Requests.Select(r => r.Id).Where(id => !served.Contains(id)).OrderBy(id => id);
        Assert.That(plan.UnplacedRequestIds, Is.EqualTo(unplaced), "unplaced requests");
        Assert.That(plan.PredictedServed, Is.EqualTo(served.Count));
        return served.Count;
    }
}
