namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>The predictor bound to the link state and scaling factors in force when a plan is made.</summary>
public sealed record LatencyPredictorView(Prediction.LatencyPredictor Predictor, Prediction.NetworkState Network, double[] Tau)
{
    public double Predict(ModelSpec model, TaskSpec task, ExitSpec exit, PartitionPoints cuts) =>
        Predictor.Predict(model, task, exit, cuts, Network, Tau);

    /// <summary>Predict for one task with this view's links and factors precomputed (planners' hot loops).</summary>
    public Prediction.TaskLatencyTable Bind(ModelSpec model, TaskSpec task) => Predictor.Bind(model, task, Network, Tau);

    /// <summary>Bind into a caller's reusable buffer (see LatencyPredictor.BindInto); grows it when too small.</summary>
    internal Prediction.BoundTaskLatency BindInto(ModelSpec model, TaskSpec task, ref double[] transfer, int offset)
    {
        int needed = offset + Predictor.TransferLength(task);
        if (transfer.Length < needed) Array.Resize(ref transfer, Math.Max(needed, 2 * transfer.Length));
        return Predictor.BindInto(model, task, Network, Tau, transfer, offset);
    }

    public ModelCatalog Catalog => Predictor.Catalog;
    public int TierCount => Predictor.Topology.TierCount;
    public Topology Topology => Predictor.Topology;
}
