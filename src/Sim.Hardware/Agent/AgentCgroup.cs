namespace T2CSim.Hardware.Agent;

using T2CSim.Hardware.Profiling;

/// <summary>
/// The agent's own CPU-quota group: on dispose the process moves back to the root group so the
/// group can be removed. `t2c testbed down` removes groups left by a crash by their name prefix.
/// </summary>
public sealed class AgentCgroup(CpuQuotaCgroup group) : IDisposable
{
    public const string Prefix = "t2c-agent-";

    public void Dispose()
    {
        try { CpuQuotaCgroup.Join(CpuQuotaCgroup.DefaultRoot, Environment.ProcessId); }
        catch (IOException) { }
        group.Dispose();
    }
}
