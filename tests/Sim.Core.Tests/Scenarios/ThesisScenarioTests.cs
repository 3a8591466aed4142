namespace T2CSim.Tests.Core.Scenarios;

using T2CSim.Core;
using T2CSim.Core.Domain;
using T2CSim.Core.Prediction;
using T2CSim.Core.Scenarios;

/// <summary>
/// The committed thesis scenarios load with the measured lookup tables (lookup-tables/*.csv), match
/// the slides' "Evaluation Setup", and give a workload where the thesis's findings can show.
/// </summary>
public sealed class ThesisScenarioTests
{
    private static Scenario Load(string name) => ScenarioLoader.Load(ProjectPaths.InRoot("scenarios", name + ".yaml"));

    [TestCase("thesis-planning")]
    [TestCase("thesis-heavy")]
    [TestCase("thesis-operation")]
    public void LoadsWithTheThesisSetup(string name)
    {
        var s = Load(name);
        Assert.That(s.Name, Is.EqualTo(name));
        Assert.That((s.DurationS, s.Repeats), Is.EqualTo((300.0, 5)));
        Assert.That(s.Topology.Tiers.Select(t => (t.Name, t.Slots)), Is.EqualTo(new[] { ("device", 3), ("edge", 3), ("cloud", 7) }));
        Assert.That(s.Topology.Links.Select(l => (l.Name, l.CapacityBps, l.PropagationS)),
            Is.EqualTo(new[] { ("sensor_device", 1e6, 0.001), ("device_edge", 24e6, 0.003), ("edge_cloud", 40e6, 0.005) }));
        Assert.That(s.Models.Models.Select(m => m.Name), Is.EqualTo(new[] { "asg-base", "sg-lite", "ag-deep", "se-wide", "asge-base" }));
        Assert.That(s.Models["asge-base"].Tasks.Select(t => t.Name), Is.EquivalentTo(new[] { "age", "smile", "gender", "emotion" }));
        Assert.That(s.Workload.Mix, Has.Count.EqualTo(13), "uniform over the 13 (model, task) pairs");
        Assert.That((s.Controller.ReconfigurationPeriodS, s.Controller.ScalingWindowS), Is.EqualTo((45.0, 60.0)));
    }

    [Test]
    public void PhasesDifferAsInTheSlides()
    {
        var planning = Load("thesis-planning");
        Assert.That(planning.Controller.AggregationPeriodS, Is.EqualTo(10));
        Assert.That(planning.Workload.Multiplier, Is.EqualTo(1));
        Assert.That(planning.Sweep!.Multipliers, Is.EqualTo(new[] { 1.0, 20, 40, 60, 80 }));
        Assert.That(planning.Sweep.Algorithms, Is.EqualTo(new[] { "NEU", "Edgent", "T2C_M", "T2C_MH", "T2C_MHE", "T2C_OPT" }));
        Assert.That(planning.Events, Is.Empty);

        var heavy = Load("thesis-heavy");
        Assert.That(heavy.Sweep!.Multipliers.Min(), Is.EqualTo(40));
        Assert.That(heavy.Sweep.Multipliers.Max(), Is.GreaterThanOrEqualTo(120));

        var operation = Load("thesis-operation");
        Assert.That(operation.Controller.AggregationPeriodS, Is.EqualTo(20));
        Assert.That(operation.Sweep!.Multipliers, Is.EqualTo(new[] { 40.0, 60, 80, 100, 120 }));
        Assert.That(operation.Sweep.Algorithms, Is.EqualTo(new[] { "T2C_MHE", "T2C_MHER" }));
        Assert.That(operation.Events, Is.EqualTo(new[] { new LinkChange(20, "edge_cloud", 2, 0.5, null) }));
    }

    [Test]
    public void TheWorkloadMakesEarlyExitsAndOffloadingMatter()
    {
        var s = Load("thesis-planning");
        var predictor = new LatencyPredictor(s.Topology, s.Models);
        var net = NetworkState.FromTopology(s.Topology);
        var tau = predictor.UnitTau();
        var accuracy = s.Workload.Accuracy;
        var latency = s.Workload.LatencyS;
        int earlyExitUseful = 0, deviceTooSlow = 0, servable = 0, tasks = 0;
        foreach (var model in s.Models.Models)
            foreach (var task in model.Tasks)
            {
                tasks++;
                // An early exit is useful when it meets some requests' accuracy (>= the lowest requirement).
                double loosest = s.Workload.AccuracyRelativeToFinal ? accuracy.Min * task.FinalExit.Accuracy : accuracy.Min;
                if (task.Exits.Take(task.Exits.Count - 1).Any(x => x.Accuracy >= loosest)) earlyExitUseful++;
                // The device alone cannot serve the strictest requests at the final exit.
                var onDevice = new PartitionPoints(model.MaxDepth, model.MaxDepth);
                if (predictor.Predict(model, task, task.FinalExit, onDevice, net, tau) > latency.Min) deviceTooSlow++;
                // Some placement serves the loosest requests at the final exit.
                if (PartitionPoints.All(s.Topology.TierCount, model.MaxDepth).Any(c => predictor.Predict(model, task, task.FinalExit, c, net, tau) <= latency.Max)) servable++;
            }
        TestContext.Out.WriteLine($"{tasks} tasks: early exit useful {earlyExitUseful}, device too slow {deviceTooSlow}, final exit servable {servable}");
        Assert.That(earlyExitUseful, Is.GreaterThan(0), "no early exit meets any accuracy requirement: early exits cannot matter");
        Assert.That(deviceTooSlow, Is.GreaterThan(0), "every task's final exit fits the strictest latency on the device: offloading cannot matter");
        Assert.That(servable, Is.EqualTo(tasks), "some task cannot meet even the loosest latency anywhere");
    }
}
