namespace T2CSim.Core.Kernel;

/// <summary>
/// A scheduled Process.Interrupt. An event of its own (not a flag on the process) so several
/// interrupts at one instant are delivered one by one, in order, and show up in the trace.
/// </summary>
internal sealed class Interruption : Event
{
    public Interruption(Process process, object? cause) : base(process.Simulation, cause) => Process = process;

    public Process Process { get; }

    public void Deliver()
    {
        Fire();
        Process.DeliverInterrupt(Value);
    }
}
