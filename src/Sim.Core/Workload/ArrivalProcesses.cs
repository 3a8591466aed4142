namespace T2CSim.Core.Workload;

using T2CSim.Core.Extensions;

/// <summary>The arrival processes a scenario can name in `workload.arrivals` (case-insensitive).</summary>
public static class ArrivalProcesses
{
    private static readonly NamedRegistry<IArrivalProcess> Registry = new("arrival process", p => p.Name, [ProfilePoissonArrivals.Instance]);

    public static IReadOnlyList<string> Names => Registry.Names;

    public static IArrivalProcess Get(string name, string? file = null, string? field = null) => Registry.Get(name, file, field);

    /// <summary>Adds a process under its Name, for the rest of the process or until the result is disposed.</summary>
    public static IDisposable Register(IArrivalProcess process) => Registry.Register(process);
}
