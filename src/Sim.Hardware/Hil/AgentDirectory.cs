namespace T2CSim.Hardware.Hil;

using T2CSim.Core.Domain;
using T2CSim.Hardware.Transport;

/// <summary>An agent as the controller knows it: where to reach it and what it last said.</summary>
public sealed class AgentEntry(int tier, string name)
{
    public int Tier { get; } = tier;
    public string Name { get; } = name;
    public byte[] Identity { get; set; } = [];
    public string DataEndpoint { get; set; } = "";
    public int ProcessId { get; set; }
    public double LastHeardS { get; set; }
    public bool Lost { get; set; }
    public StatusMessage? LastStatus { get; set; }
    public bool Registered => Identity.Length > 0;
}

/// <summary>What became of a Register.</summary>
public enum Registration { Refused, Registered, Restored }

/// <summary>
/// Registration: collects a Register from the agent of every tier of the topology, then welcomes
/// each with its place in the chain (next hop = the next tier's data endpoint, and the result sink).
/// Used on the hub's poller thread before the run and on the controller thread during it.
/// A second Register for a tier already registered from another connection is refused unless that
/// agent was lost (then the newcomer takes its place and is welcomed; its upstream is welcomed again
/// with the new next hop). With CURVE keys the hub has already checked the tier's key.
/// </summary>
public sealed class AgentDirectory
{
    private readonly ControlHub _hub;
    private readonly object _gate = new();
    private readonly Action<string> _log;

    public AgentDirectory(ControlHub hub, Topology topology, Action<string> log)
    {
        _hub = hub;
        _log = log;
        Agents = topology.Tiers.Select((t, i) => new AgentEntry(i, t.Name)).ToArray();
    }

    public IReadOnlyList<AgentEntry> Agents { get; }
    public bool AllRegistered { get { lock (_gate) return Agents.All(a => a.Registered); } }

    /// <summary>Handles a Register; once every tier has one, (re)sends the Welcomes.</summary>
    public Registration Register(byte[] identity, RegisterMessage r, double nowS)
    {
        lock (_gate)
        {
            var agent = Tier(r.Tier);
            if (agent is null)
            {
                _log($"registration from unknown tier '{Core.Printable.Escape(r.Tier)}' ignored (tiers: {string.Join(", ", Agents.Select(a => a.Name))})");
                return Registration.Refused;
            }
            bool sameConnection = agent.Identity.AsSpan().SequenceEqual(identity);
            if (agent.Registered && !sameConnection && !agent.Lost)
            {
                _log($"second registration as {agent.Name} (pid {r.ProcessId}) refused: tier already served by pid {agent.ProcessId}, which is not lost");
                return Registration.Refused;
            }
            bool restored = agent.Lost;
            agent.Identity = identity;
            agent.DataEndpoint = r.DataEndpoint;
            agent.ProcessId = r.ProcessId;
            agent.LastHeardS = nowS;
            agent.Lost = false;
            if (!Agents.All(a => a.Registered)) return Registration.Registered;
            // Everyone on first completion; afterwards only the newcomer and the tier that forwards to it.
            foreach (var a in Agents)
                if (!restored || a.Tier == agent.Tier || a.Tier == agent.Tier - 1) Welcome(a);
            return restored ? Registration.Restored : Registration.Registered;
        }
    }

    private void Welcome(AgentEntry a)
    {
        string next = a.Tier + 1 < Agents.Count ? Agents[a.Tier + 1].DataEndpoint : "";
        _hub.Send(a.Identity, new WelcomeMessage(a.Tier, next, _hub.ResultEndpoint));
    }

    public AgentEntry? Tier(string name) => Agents.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    public AgentEntry? ByIdentity(byte[] identity)
    {
        lock (_gate) return Agents.FirstOrDefault(a => a.Identity.AsSpan().SequenceEqual(identity));
    }
}
