namespace T2CSim.Tests.Core.Prediction;

using T2CSim.Core;
using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Prediction;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Tests.Core.Support;

/// <summary>The link scaling factors (controller.link_scaling, docs/model.md): an extension, off by default.</summary>
[Category("Slow")]
public sealed class LinkScalingTests
{
    [Test]
    public void TransferFactorsScaleEachLinksTermAndNothingElse()
    {
        var topology = Fixtures.DuoTopology();
        var duo = Fixtures.Duo(topology);
        var predictor = new LatencyPredictor(topology, new ModelCatalog([duo]));
        var net = NetworkState.FromTopology(topology);
        var b = duo.Task("b");
        var cuts = new PartitionPoints(1, 3);
        var tau = predictor.UnitTau();

        var plain = predictor.Breakdown(duo, b, b.FinalExit, cuts, net, tau);
        var ones = net.WithTransferFactors([1, 1, 1]);
        Assert.That(predictor.Predict(duo, b, b.FinalExit, cuts, ones, tau), Is.EqualTo(predictor.Predict(duo, b, b.FinalExit, cuts, net, tau)));

        var scaled = net.WithTransferFactors([1, 2, 0.5]);
        var after = predictor.Breakdown(duo, b, b.FinalExit, cuts, scaled, tau);
        Assert.That(after.ComputeS, Is.EqualTo(plain.ComputeS));
        Assert.That(after.TransmitS[0], Is.EqualTo(plain.TransmitS[0]));
        Assert.That(after.TransmitS[1], Is.EqualTo(2 * plain.TransmitS[1]).Within(1e-15));
        Assert.That(after.TransmitS[2], Is.EqualTo(0.5 * plain.TransmitS[2]).Within(1e-15));
        // Predict and the planners' bound tables agree with the breakdown.
        Assert.That(predictor.Predict(duo, b, b.FinalExit, cuts, scaled, tau), Is.EqualTo(after.TotalS).Within(1e-12));
        Assert.That(predictor.Bind(duo, b, scaled, tau).Predict(b.FinalExit, cuts), Is.EqualTo(after.TotalS).Within(1e-12));
        Assert.That(LatencyPredictor.UnscaledTransfer(duo.InputBytes, scaled, 0), Is.EqualTo(plain.TransmitS[0]));
    }

    [Test]
    public void TheScenarioKeyIsOffByDefaultAndReadAsABoolean()
    {
        using var folder = new ScenarioFolder();
        Assert.That(ScenarioLoader.Load(folder.ScenarioPath).Controller.LinkScaling, Is.False);
        Assert.That(ScenarioLoader.Load(folder.ScenarioPath, ["controller.link_scaling=true"]).Controller.LinkScaling, Is.True);
        Assert.Throws<UserInputException>(() => ScenarioLoader.Load(folder.ScenarioPath, ["controller.link_scaling=maybe"]));
    }

    [Test]
    public void TheSimulatorReportsItsTransfersAndTheirFactorsOnlyChangePredictionsWhenOn()
    {
        using var folder = new ScenarioFolder();
        var off = Experiment.Run(ScenarioLoader.Load(folder.ScenarioPath), "T2C_MH");
        var on = Experiment.Run(ScenarioLoader.Load(folder.ScenarioPath, ["controller.link_scaling=true"]), "T2C_MH");
        // The simulated sensor link carries every job's frame: its transfers were logged (within the last window).
        double end = off.Log.Requests.Where(r => r.Ran).Max(r => r.StartedS);
        Assert.That(off.Controller.LinkFactors.Count(0, end), Is.GreaterThan(0));
        Assert.That(on.Controller.LinkFactors.Current(end)[0], Is.GreaterThan(0.5).And.LessThan(2), "simulated transfers are close to the formula");
        Assert.That(off.Log.Requests.Select(r => r.PredictedLatencyS), Is.Not.EqualTo(on.Log.Requests.Select(r => r.PredictedLatencyS)));
    }
}
