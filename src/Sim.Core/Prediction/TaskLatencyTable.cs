namespace T2CSim.Core.Prediction;

using T2CSim.Core.Domain;

/// <summary>
/// LatencyPredictor.Predict for one task, bound to one link state and one set of scaling factors,
/// with transfer times precomputed per link and cut position (see LatencyPredictor.Bind).
/// </summary>
public sealed class TaskLatencyTable
{
    private readonly double[][] _prefix;
    private readonly double[] _transfer;
    private readonly int _positions;
    private readonly double[] _tau;

    internal TaskLatencyTable(double[][] prefix, double[] transfer, int positions, double[] tau)
    {
        _prefix = prefix;
        _transfer = transfer;
        _positions = positions;
        _tau = tau;
    }

    public double Predict(ExitSpec exit, PartitionPoints cuts) =>
        LatencyPredictor.Compose(_prefix, exit, cuts, _tau, new TableTransfer(_transfer, _positions));

    private readonly struct TableTransfer(double[] transfer, int positions) : LatencyPredictor.ITransferTime
    {
        public double Time(int link, int position) => transfer[link * positions + position];
    }
}
