namespace T2CSim.Tests.Core.Planning;

using T2CSim.Core.Planning;

/// <summary>Properties over hundreds of small seeded random instances (TestModels.Random).</summary>
[Category("Slow")]
public sealed class RandomInstanceTests
{
    private const int Instances = 300;

    [Test]
    public void TheOptimumEqualsBruteForceWithAndWithoutMultiTask()
    {
        for (int seed = 1; seed <= Instances; seed++)
        {
            var context = TestModels.Random(seed);
            var multi = new OptimalPlanner().Plan(context);
            Assert.That(PlanChecker.Check(multi, context), Is.EqualTo(BruteForcePlanner.Optimum(context, multiTask: true)), $"seed {seed}, multi-task");
            var single = new OptimalPlanner("T2C_OPT_single", multiTask: false).Plan(context);
            Assert.That(PlanChecker.Check(single, context), Is.EqualTo(BruteForcePlanner.Optimum(context, multiTask: false)), $"seed {seed}, single-task");
        }
    }

    [Test]
    public void EveryPlanIsValidAndNoPlannerBeatsTheOptimumOfItsProblem()
    {
        int strictlyWorse = 0;
        for (int seed = 1; seed <= Instances; seed++)
        {
            var context = TestModels.Random(seed);
            int optimum = PlanChecker.Check(new OptimalPlanner().Plan(context), context);
            int singleTaskOptimum = PlanChecker.Check(new OptimalPlanner("single", multiTask: false).Plan(context), context);
            foreach (var name in AlgorithmCatalog.Names)
            {
                var spec = AlgorithmCatalog.Get(name);
                int served = PlanChecker.Check(spec.Planner.Plan(context), context);
                // NEU and Edgent solve the single-task problem (an instance per task, cuts per task),
                // which T2C_OPT does not bound; the single-task optimum does.
                Assert.That(served, Is.LessThanOrEqualTo(spec.MultiTask ? optimum : singleTaskOptimum), $"seed {seed}, {name}");
                if (name == "T2C_MHE" && served < optimum) strictlyWorse++;
            }
            int bestCount = PlanChecker.Check(new T2CGreedyPlanner("best-count", ExitPointSelection.BestCount).Plan(context), context);
            Assert.That(bestCount, Is.LessThanOrEqualTo(optimum), $"seed {seed}, best-count");
        }
        // The instances are not so easy that greedy is always optimal (else the bound says little).
        Assert.That(strictlyWorse, Is.GreaterThan(0));
    }

    [Test]
    public void PlansDoNotDependOnTheOrderOfTheRequests()
    {
        for (int seed = 1; seed <= 50; seed++)
        {
            var context = TestModels.Random(seed);
            var reversed = context with { Requests = context.Requests.Reverse().ToArray() };
            foreach (var name in AlgorithmCatalog.Names)
            {
                var planner = AlgorithmCatalog.Get(name).Planner;
                var a = planner.Plan(context);
                var b = planner.Plan(reversed);
                Assert.That(b.Deployments.Select(d => (d.Model, d.Partition.ToString(), string.Join(",", d.Tasks.Select(t => t.Task + t.ExitIndex)))),
                    Is.EqualTo(a.Deployments.Select(d => (d.Model, d.Partition.ToString(), string.Join(",", d.Tasks.Select(t => t.Task + t.ExitIndex))))),
                    $"seed {seed}, {name}");
            }
        }
    }
}
