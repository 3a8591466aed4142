namespace T2CSim.Core.Kernel;

/// <summary>The interrupt cause a PriorityResource gives the process whose unit it took away.</summary>
/// <param name="By">The process whose request took the unit (null if requested outside a process).</param>
/// <param name="UsageSince">When the preempted request had been granted.</param>
public sealed record Preempted(Process? By, double UsageSince);
