namespace T2CSim.Core.Prediction;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;

/// <summary>
/// What the resource monitor knows of each link when a prediction is made: its capacity b and
/// the throughput n measured on it (background and other models' traffic), both in bits/s.
/// The links exist in three shapes, each for one reader: the scenario declares a link
/// (<see cref="LinkSpec"/>: name, capacity, propagation, background traffic); an agent reports one
/// (<see cref="LinkReading"/>, the IContinuum contract: capacity, measured throughput, propagation);
/// predictions read all links at once from this snapshot (arrays, for the planners' hot loops, plus
/// the link scaling factors). Both conversions are here (<see cref="FromTopology"/>, <see cref="From"/>).
/// </summary>
public sealed class NetworkState
{
    public double[] CapacityBps { get; }
    public double[] ThroughputBps { get; }
    public double[] PropagationS { get; }

    public NetworkState(double[] capacityBps, double[] throughputBps, double[] propagationS)
    {
        if (capacityBps.Length != throughputBps.Length || capacityBps.Length != propagationS.Length)
            throw new ArgumentException("network state arrays differ in length");
        CapacityBps = capacityBps;
        ThroughputBps = throughputBps;
        PropagationS = propagationS;
    }

    /// <summary>The links as the scenario declares them, with only their background traffic measured.</summary>
    public static NetworkState FromTopology(Topology topology) =>
        From(topology.Links.Select(l => new LinkReading(l.CapacityBps, l.BackgroundBps, l.PropagationS)).ToArray());

    /// <summary>The links as the agents report them (a status report, in chain order).</summary>
    public static NetworkState From(IReadOnlyList<LinkReading> links)
    {
        var state = new NetworkState(new double[links.Count], new double[links.Count], new double[links.Count]);
        for (int i = 0; i < links.Count; i++)
        {
            state.CapacityBps[i] = links[i].CapacityBps;
            state.ThroughputBps[i] = links[i].ThroughputBps;
            state.PropagationS[i] = links[i].PropagationS;
        }
        return state;
    }

    /// <summary>
    /// Per link, the factor the predicted transfer time (Z / (0.9 (b - n)) + propagation) is multiplied
    /// by: the link scaling factors (ControllerSettings.LinkScaling); null: none, the thesis's model.
    /// </summary>
    public double[]? TransferFactor { get; private init; }

    /// <summary>The same links with transfer times scaled per link.</summary>
    public NetworkState WithTransferFactors(double[] factors)
    {
        if (factors.Length != CapacityBps.Length) throw new ArgumentException("one transfer factor per link");
        return new NetworkState(CapacityBps, ThroughputBps, PropagationS) { TransferFactor = factors, ResultWallS = ResultWallS };
    }

    /// <summary>
    /// Per node (per position on a path's local state), the result's return the controller measured
    /// (ResultReturns: the window's median; NaN where none came back), which the predictor counts for
    /// an exit there instead of the testbed description's ResultS; null: the description's.
    /// </summary>
    public double[]? ResultWallS { get; private init; }

    /// <summary>The same links with the measured result returns of each node.</summary>
    public NetworkState WithResultWalls(double[] walls) =>
        new(CapacityBps, ThroughputBps, PropagationS) { TransferFactor = TransferFactor, ResultWallS = walls };

    public NetworkState Clone() => new((double[])CapacityBps.Clone(), (double[])ThroughputBps.Clone(), (double[])PropagationS.Clone())
    {
        TransferFactor = (double[]?)TransferFactor?.Clone(),
        ResultWallS = (double[]?)ResultWallS?.Clone(),
    };
}
