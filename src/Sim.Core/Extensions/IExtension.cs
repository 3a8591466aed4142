namespace T2CSim.Core.Extensions;

/// <summary>
/// The entry point of a plugin assembly for `t2c ... --plugin PATH.dll`: every public non-abstract
/// class implementing it is created (parameterless constructor) and its Register called once, before
/// the scenario is read. Register adds planners, arrival processes and metrics through
/// AlgorithmCatalog.Register, ArrivalProcesses.Register and MetricCatalog.Register (docs/extending.md).
/// </summary>
public interface IExtension
{
    void Register();
}
