namespace T2CSim.Core.Prediction;

using T2CSim.Core.Domain;

/// <summary>
/// What the resource monitor knows of each link when a prediction is made: its capacity b and
/// the throughput n measured on it (background and other models' traffic), both in bits/s.
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
    public static NetworkState FromTopology(Topology topology) => new(
        topology.Links.Select(l => l.CapacityBps).ToArray(),
        topology.Links.Select(l => l.BackgroundBps).ToArray(),
        topology.Links.Select(l => l.PropagationS).ToArray());

    /// <summary>
    /// Per link, the factor the predicted transfer time (Z / (0.9 (b - n)) + propagation) is multiplied
    /// by: the link scaling factors (ControllerSettings.LinkScaling); null: none, the thesis's model.
    /// </summary>
    public double[]? TransferFactor { get; private init; }

    /// <summary>The same links with transfer times scaled per link.</summary>
    public NetworkState WithTransferFactors(double[] factors)
    {
        if (factors.Length != CapacityBps.Length) throw new ArgumentException("one transfer factor per link");
        return new NetworkState(CapacityBps, ThroughputBps, PropagationS) { TransferFactor = factors };
    }

    public NetworkState Clone() => new((double[])CapacityBps.Clone(), (double[])ThroughputBps.Clone(), (double[])PropagationS.Clone())
    {
        TransferFactor = (double[]?)TransferFactor?.Clone(),
    };
}
