namespace T2CSim.Tests.Core.Planning;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using static TestModels;

/// <summary>
/// Small instances whose plans are worked out by hand from the latencies listed on TestModels.TwoLayer
/// and TestModels.TwoTask (ms; one byte = 1 µs on every link).
/// </summary>
public sealed class HandWorkedPlanTests
{
    private static DeploymentPlan PlanWith(string algorithm, PlanningContext context)
    {
        var plan = AlgorithmCatalog.Get(algorithm).Planner.Plan(context);
        PlanChecker.Check(plan, context);
        return plan;
    }

    [TestCase("T2C_M")]
    [TestCase("T2C_MHE")]
    [TestCase("NEU")]
    [TestCase("T2C_OPT")]
    public void EqualServedCountsAreBrokenByTheLowestLatency(string algorithm)
    {
        // Two requests wanting accuracy 0.8 within 30 ms: the final exit (0.9) is needed and every
        // partition meets 30 ms (slowest: all device, 22 ms), so all serve 2. The fastest is all
        // cloud, cuts (0,0), 8 ms, on the cloud tier only.
        var context = Context(Chain(3, 3, 7), [TwoLayer("A")], [Request(0, "A", "t", 0.8, 30), Request(1, "A", "t", 0.8, 30)]);
        var plan = PlanWith(algorithm, context);

        var d = plan.Deployments.Single();
        Assert.That(d.Partition, Is.EqualTo(new PartitionPoints(0, 0)));
        Assert.That(d.TiersUsed, Is.EqualTo(new[] { 2 }));
        Assert.That(d.Tasks.Single().ExitIndex, Is.EqualTo(1));
        Assert.That(d.Tasks.Single().PredictedLatencyS, Is.EqualTo(0.008).Within(1e-9));
        Assert.That(d.ServedRequestIds, Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void AModelThatCanServeNobodyOnTheFreeTiersIsSkipped()
    {
        // No cloud slot. A (2 requests, first in order) needs 10 ms: only all-cloud (8 ms) is that fast,
        // all edge is 14 ms, so A fits nowhere and is skipped, leaving its slots to B. B asks for
        // accuracy 0.5 within 30 ms: the strictest exit is the early one (0.6), fastest all edge,
        // cuts (0,1), 9 ms (cuts (0,2) tie at 9 ms on the same tier and come later).
        var context = Context(Chain(1, 1, 0), [TwoLayer("A"), TwoLayer("B")],
            [Request(0, "A", "t", 0.8, 10), Request(1, "A", "t", 0.8, 10), Request(2, "B", "t", 0.5, 30)]);
        var plan = PlanWith("T2C_MHE", context);

        var d = plan.Deployments.Single();
        Assert.That(d.Model, Is.EqualTo("B"));
        Assert.That(d.Partition, Is.EqualTo(new PartitionPoints(0, 1)));
        Assert.That(d.Tasks.Single().ExitIndex, Is.EqualTo(0));
        Assert.That(d.Tasks.Single().PredictedLatencyS, Is.EqualTo(0.009).Within(1e-9));
        Assert.That(d.TiersUsed, Is.EqualTo(new[] { 1 }));
        Assert.That(plan.UnplacedRequestIds, Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void GreedyIsStrictlyWorseThanTheOptimumWhenTheFirstModelTakesTheOnlyTierTheSecondCanUse()
    {
        // Slots: edge 1, cloud 1, no device. A (3 requests, 20 ms) is served by all cloud (8 ms),
        // edge+cloud (11) or all edge (14); greedy takes the fastest, the cloud. B (2 requests, 10 ms)
        // is only served all cloud (8 ms; all edge is 14): greedy serves 3. The optimum puts A on the
        // edge and B on the cloud: 5.
        var context = Context(Chain(0, 1, 1), [TwoLayer("A"), TwoLayer("B")],
        [
            Request(0, "A", "t", 0.8, 20), Request(1, "A", "t", 0.8, 20), Request(2, "A", "t", 0.8, 20),
            Request(3, "B", "t", 0.8, 10), Request(4, "B", "t", 0.8, 10),
        ]);

        var greedy = PlanWith("T2C_MHE", context);
        Assert.That(greedy.PredictedServed, Is.EqualTo(3));
        Assert.That(greedy.Deployments.Single().Partition, Is.EqualTo(new PartitionPoints(0, 0)));

        var optimal = PlanWith("T2C_OPT", context);
        Assert.That(optimal.PredictedServed, Is.EqualTo(5));
        Assert.That(optimal.Deployments.Single(d => d.Model == "A").Partition, Is.EqualTo(new PartitionPoints(0, 2)));
        Assert.That(optimal.Deployments.Single(d => d.Model == "B").Partition, Is.EqualTo(new PartitionPoints(0, 0)));
        Assert.That(BruteForcePlanner.Optimum(context, multiTask: true), Is.EqualTo(5));
    }

    [Test]
    public void MultiTaskServesBothTasksWithOneSlotWhereNeurosurgeonNeedsTwo()
    {
        // One cloud slot. One multi-task instance runs x and y on the cloud at 8 ms each: 2 served.
        // NEU deploys M/x (ties on count go by task name) on the cloud; M/y finds no slot: 1 served.
        var context = Context(Chain(0, 0, 1), [TwoTask("M")], [Request(0, "M", "x", 0.8, 30), Request(1, "M", "y", 0.8, 30)]);

        var multi = PlanWith("T2C_M", context).Deployments.Single();
        Assert.That(multi.Tasks.Select(t => t.Task), Is.EqualTo(new[] { "x", "y" }));
        Assert.That(multi.ServedRequestIds, Is.EqualTo(new[] { 0, 1 }));

        var neu = PlanWith("NEU", context).Deployments.Single();
        Assert.That(neu.Tasks.Single().Task, Is.EqualTo("x"));
        Assert.That(neu.ServedRequestIds, Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void EdgentFallsBackToAnEarlyExitWhenTheMostAccurateOneIsTooSlow()
    {
        // Cloud only; one request, accuracy 0.5 within 7.5 ms. The final exit (0.9) at best takes 8 ms:
        // NEU and T2C_M serve nobody and deploy nothing. Edgent tries 0.9 (too slow) then the early exit
        // (0.6) at 7 ms all cloud: served. T2C_MHE's strictest exit for 0.5 is the early one too.
        var context = Context(Chain(0, 0, 1), [TwoLayer("A")], [Request(0, "A", "t", 0.5, 7.5)]);

        Assert.That(PlanWith("NEU", context).Deployments, Is.Empty);
        Assert.That(PlanWith("T2C_M", context).Deployments, Is.Empty);
        foreach (var algorithm in new[] { "Edgent", "T2C_MHE" })
        {
            var d = PlanWith(algorithm, context).Deployments.Single();
            Assert.That(d.Tasks.Single().ExitIndex, Is.EqualTo(0), algorithm);
            Assert.That(d.Partition, Is.EqualTo(new PartitionPoints(0, 0)), algorithm);
            Assert.That(d.Tasks.Single().PredictedLatencyS, Is.EqualTo(0.007).Within(1e-9), algorithm);
        }
    }

    [Test]
    public void BestCountTradesOneDemandingRequestForTwoFastOnes()
    {
        // Cloud only. r0 wants 0.85 within 30 ms (final exit only); r1 and r2 want 0.5 within 7.5 ms
        // (early exit at 7 ms only; the final one takes 8 ms). Strictest picks the final exit: 1 served.
        // BestCount picks the early exit: 2 served; so does the optimum.
        var context = Context(Chain(0, 0, 1), [TwoLayer("A")],
            [Request(0, "A", "t", 0.85, 30), Request(1, "A", "t", 0.5, 7.5), Request(2, "A", "t", 0.5, 7.5)]);

        var strictest = new T2CGreedyPlanner("strictest", ExitPointSelection.StrictestAccuracy).Plan(context);
        Assert.That(PlanChecker.Check(strictest, context), Is.EqualTo(1));
        Assert.That(strictest.Deployments.Single().Tasks.Single().ExitIndex, Is.EqualTo(1));

        var bestCount = new T2CGreedyPlanner("best-count", ExitPointSelection.BestCount).Plan(context);
        Assert.That(PlanChecker.Check(bestCount, context), Is.EqualTo(2));
        Assert.That(bestCount.Deployments.Single().Tasks.Single().ExitIndex, Is.EqualTo(0));

        Assert.That(PlanWith("T2C_OPT", context).PredictedServed, Is.EqualTo(2));
    }

    [Test]
    public void ARequestForAnUnknownModelIsReportedAsBadInput()
    {
        var context = Context(Chain(1, 1, 1), [TwoLayer("A")], [Request(7, "Z", "t", 0.5, 30)]);
        var e = Assert.Throws<T2CSim.Core.UserInputException>(() => AlgorithmCatalog.Get("T2C_MHE").Planner.Plan(context));
        Assert.That(e!.Message, Does.Contain("request 7").And.Contain("unknown model 'Z'"));
    }
}
