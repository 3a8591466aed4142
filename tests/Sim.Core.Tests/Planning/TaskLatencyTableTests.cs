namespace T2CSim.Tests.Core.Planning;

using T2CSim.Core.Domain;

public sealed class TaskLatencyTableTests
{
    [Test]
    public void TheBoundTableGivesExactlyThePredictorsLatencies()
    {
        // Planners predict through LatencyPredictor.Bind; the plan checker through Predict. Both run
        // the same formula, so the results must be bit-identical, not merely close.
        int compared = 0;
        for (int seed = 1; seed <= 40; seed++)
        {
            var view = TestModels.Random(seed).Predictor;
            foreach (var model in view.Catalog.Models)
                foreach (var task in model.Tasks)
                {
                    var table = view.Bind(model, task);
                    foreach (var cuts in PartitionPoints.All(view.TierCount, model.MaxDepth))
                        foreach (var exit in task.Exits)
                        {
                            Assert.That(table.Predict(exit, cuts), Is.EqualTo(view.Predict(model, task, exit, cuts)), $"seed {seed} {model.Name}/{task.Name} {cuts}");
                            compared++;
                        }
                }
        }
        Assert.That(compared, Is.GreaterThan(1000));
    }
}
