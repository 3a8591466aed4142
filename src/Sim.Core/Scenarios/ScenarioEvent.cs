namespace T2CSim.Core.Scenarios;

/// <summary>
/// A timed change of a link, e.g. the operation phase's bandwidth halved at t = 20 s. From AtS on,
/// the link's capacity is its declared capacity x CapacityFactor (factors do not compound: 1
/// restores it), and/or its background traffic is BackgroundBps. A null field is left as it is.
/// </summary>
/// <param name="LinkIndex">Index in Topology.Links (chain order).</param>
public sealed record ScenarioEvent(double AtS, string Link, int LinkIndex, double? CapacityFactor, double? BackgroundBps);
