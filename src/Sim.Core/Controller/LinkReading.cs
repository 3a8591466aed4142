namespace T2CSim.Core.Controller;

/// <summary>
/// A link as the world reports it to the resource monitor (IContinuum.ReadLinks): capacity and
/// measured throughput in bits/s, propagation in seconds. NetworkState.From turns a report into the
/// snapshot predictions read (docs/controller.md, "Link state in three shapes").
/// </summary>
public readonly record struct LinkReading(double CapacityBps, double ThroughputBps, double PropagationS);
