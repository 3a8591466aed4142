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

    public NetworkState Clone() => new((double[])CapacityBps.Clone(), (double[])ThroughputBps.Clone(), (double[])PropagationS.Clone());
}
