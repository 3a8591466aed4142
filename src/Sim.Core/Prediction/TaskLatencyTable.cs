namespace T2CSim.Core.Prediction;

using T2CSim.Core.Domain;

/// <summary>
/// LatencyPredictor.Predict for one task, bound to one link state and one set of scaling factors,
/// with transfer times precomputed per link and cut position (see LatencyPredictor.Bind).
/// </summary>
public sealed class TaskLatencyTable
{
    private readonly BoundTaskLatency _bound;

    internal TaskLatencyTable(BoundTaskLatency bound) => _bound = bound;

    public double Predict(ExitSpec exit, PartitionPoints cuts) => _bound.Predict(exit, cuts);
}

/// <summary>
/// TaskLatencyTable without an object of its own: the transfer times live in a slice of a buffer the
/// caller owns and reuses (LatencyPredictor.BindInto), so planners bind thousands of tasks per call
/// without allocating. Same formula (LatencyPredictor.Compose) and same numbers as Predict.
/// </summary>
internal readonly struct BoundTaskLatency(double[] prefix, double[] transfer, int offset, int positions, double[] tau)
{
    // The prefix rows have one entry per position, like the transfer rows: `positions` is both strides.
    public double Predict(ExitSpec exit, PartitionPoints cuts) =>
        LatencyPredictor.Compose(prefix, positions, exit, cuts, tau, new TableTransfer(transfer, offset, positions));

    private readonly struct TableTransfer(double[] transfer, int offset, int positions) : LatencyPredictor.ITransferTime
    {
        public double Time(int link, int position) => transfer[offset + link * positions + position];
    }
}
