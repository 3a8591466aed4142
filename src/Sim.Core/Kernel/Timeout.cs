namespace T2CSim.Core.Kernel;

/// <summary>An event that succeeds by itself after a delay. Create it with Simulation.Timeout.</summary>
public sealed class Timeout : Event
{
    internal Timeout(Simulation simulation, object? value) : base(simulation, value) { }
}
