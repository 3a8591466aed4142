namespace T2CSim.Tests.Core.Planning;

using T2CSim.Core;
using T2CSim.Core.Controller;
using T2CSim.Core.Planning;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Tests.Core.Support;

public sealed class AlgorithmCatalogTests
{
    [Test]
    public void ItListsTheThesisAlgorithmsAndTheOptimum() =>
        Assert.That(AlgorithmCatalog.BuiltIn, Is.EqualTo(new[] { "NEU", "Edgent", "T2C_M", "T2C_MH", "T2C_MHE", "T2C_MHER", "T2C_OPT", "T2C_MHE-L", "T2C_MHER-C", "T2C_MHE-A" }));

    [TestCase("t2c_mher", "T2C_MHER")]
    [TestCase("EDGENT", "Edgent")]
    public void NamesAreCaseInsensitive(string asked, string expected) =>
        Assert.That(AlgorithmCatalog.Get(asked).Name, Is.EqualTo(expected));

    [Test]
    public void AnUnknownNameListsTheValidOnes()
    {
        var e = Assert.Throws<UserInputException>(() => AlgorithmCatalog.Get("T2C_X"));
        Assert.That(e!.Message, Does.Contain("T2C_X").And.Contain("NEU, Edgent, T2C_M, T2C_MH, T2C_MHE, T2C_MHER, T2C_OPT"));
    }

    // The features of the slides' "Compared Algorithms" table, as behaviour: a feature that is off
    // never shows in a run (no hitchhiking, one task per instance, final exits only, no
    // reconfiguration), and each one that is on shows in at least one algorithm's run.
    [Test]
    public void FeaturesThatAreOffNeverShowInARun()
    {
        using var folder = new ScenarioFolder();
        // Loose accuracy requirements: early exits suffice, so they have a reason to show.
        var scenario = ScenarioLoader.Load(folder.ScenarioPath,
            ["workload.multiplier=20", "duration_s=120", "workload.accuracy={distribution: uniform, low: 0.5, high: 0.7}"]);
        var seen = (Hitchhiked: false, MultiTask: false, EarlyExit: false);
        foreach (var name in AlgorithmCatalog.BuiltIn)
        {
            var spec = AlgorithmCatalog.Get(name);
            var run = Experiment.Run(scenario, name);
            var log = run.Log;
            Assert.That(spec.Planner.Name, Is.EqualTo(spec.Name), "plans carry the algorithm's name");
            bool hitchhiked = log.Requests.Any(r => r.Attachment == Attachment.Hitchhiked);
            bool multiTask = log.Deployments.Any(d => d.Plan.Tasks.Count > 1);
            bool earlyExit = log.Requests.Any(r => r.Ran && r.Exit != scenario.Models[r.Request.Model].Task(r.Request.Task).FinalExit.Name);
            if (!spec.Hitchhiking) Assert.That(hitchhiked, Is.False, $"{name} hitchhiked a request");
            if (!spec.MultiTask) Assert.That(multiTask, Is.False, $"{name} deployed an instance serving several tasks");
            if (!spec.EarlyExit) Assert.That(earlyExit, Is.False, $"{name} ran an early exit");
            seen = (seen.Hitchhiked | hitchhiked, seen.MultiTask | multiTask, seen.EarlyExit | earlyExit);
        }
        Assert.That(seen, Is.EqualTo((true, true, true)), "the scenario exercises every feature, so the checks above can fail");
    }

    // Reconfiguration, in the world where a cut link makes it pay (ReconfigurationControllerTests):
    // exactly the algorithms with the feature reconfigure.
    [Test]
    public void OnlyAlgorithmsWithReconfigurationReconfigure()
    {
        var settings = new ControllerSettings
        {
            AggregationPeriodS = 10, ReconfigurationPeriodS = 15, DeploymentTimeS = 2, ReconfigurationDowntimeS = 0.5,
            ReconfigurationThreshold = 0.9, IdleTimeoutS = 60, StatusReportPeriodS = 1, ScalingWindowS = 60,
        };
        foreach (var name in AlgorithmCatalog.BuiltIn)
        {
            var h = new T2CSim.Tests.Core.Controller.ControllerHarness(CameraWorld.Topology(), [CameraWorld.Camera()], name, settings);
            h.SubmitEvery(1, 120, 0.5, "cam", "t", 0.65, 0.050);
            h.SetCapacityAt(30, 2, 5e6);
            h.Run(130);
            bool reconfigured = h.Controller.Log.Events.Any(e => e.Kind == "reconfigure");
            Assert.That(reconfigured, Is.EqualTo(AlgorithmCatalog.Get(name).Reconfiguration), name);
        }
    }
}
