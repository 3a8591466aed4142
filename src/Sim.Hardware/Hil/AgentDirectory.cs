namespace T2CSim.Hardware.Hil;

using T2CSim.Core.Domain;
using T2CSim.Hardware.Transport;

/// <summary>An agent as the controller knows it: where to reach it and what it last said.</summary>
/// <param name="node">The topology node it serves (in the chain: the tier index).</param>
/// <param name="position">The stage it runs on every path through its node (docs/topology.md: every
/// device is as deep as every other, so a node has the same position on all of them; the chain: = node).</param>
/// <param name="parent">The node it forwards to (-1: a root, the last stage).</param>
public sealed class AgentEntry(int node, int position, int parent, string name)
{
    public int Node { get; } = node;
    public int Position { get; } = position;
    public int Parent { get; } = parent;
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
/// Registration: collects a Register from the agent of every node of the topology (one agent per node,
/// indexed by node), then welcomes each with its place in the tree: its stage position, its next hop
/// (its parent's data endpoint; the chain: the next tier's) and the result sink.
/// Used on the hub's poller thread before the run and on the controller thread during it.
/// A second Register for a tier already registered from another connection is refused unless that
/// agent was lost (then the newcomer takes its place and is welcomed; the nodes forwarding to it, its
/// children, are welcomed again with the new next hop). With CURVE keys the hub has already checked the tier's key.
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
        var positions = Positions(topology);
        Agents = topology.Nodes.Select((t, i) => new AgentEntry(i, positions[i], t.Parent, t.Name)).ToArray();
    }

    /// <summary>
    /// Each node's stage position: TierCount - 1 - its distance from its root (a device is 0, its root
    /// TierCount - 1). Every device path puts node Nodes[k] at k, and every device is equally deep, so this
    /// is the position on every path through the node (a node on none gets the same rule).
    /// </summary>
    public static int[] Positions(Topology topology)
    {
        var positions = new int[topology.NodeCount];
        for (int n = 0; n < positions.Length; n++)
        {
            int depth = 0;
            for (int at = topology.Nodes[n].Parent; at >= 0 && depth <= positions.Length; at = topology.Nodes[at].Parent) depth++;
            positions[n] = topology.TierCount - 1 - depth;
        }
        return positions;
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
            // Everyone on first completion; afterwards only the newcomer and the nodes that forward to it.
            foreach (var a in Agents)
                if (!restored || a.Node == agent.Node || a.Parent == agent.Node) Welcome(a);
            return restored ? Registration.Restored : Registration.Registered;
        }
    }

    private void Welcome(AgentEntry a)
    {
        string next = a.Parent >= 0 ? Agents[a.Parent].DataEndpoint : "";
        _hub.Send(a.Identity, new WelcomeMessage(a.Position, next, _hub.ResultEndpoint));
    }

    public AgentEntry? Tier(string name) => Agents.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    public AgentEntry? ByIdentity(byte[] identity)
    {
        lock (_gate) return Agents.FirstOrDefault(a => a.Identity.AsSpan().SequenceEqual(identity));
    }
}
