namespace T2CSim.Core.Workload.Places;

/// <summary>
/// A device requests can be tied to, as the topology declares it: Index is its position in
/// declaration order (what an assignment returns), Class its device class, Location its place when
/// the topology gives one (needed by `nearest` with `sites: explicit`).
/// </summary>
public sealed record PlaceDevice(int Index, string Name, string Class, GeoPoint? Location = null);
