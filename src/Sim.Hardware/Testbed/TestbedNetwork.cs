namespace T2CSim.Hardware.Testbed;

using System.Globalization;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Agent;

/// <summary>
/// The emulated three-tier testbed in network namespaces (`t2c testbed up|down`, needs root): one
/// namespace per tier, joined in a chain by veth pairs (controller/sensor - device - edge - cloud),
/// each link rate-shaped in both directions with tc tbf at the scenario's capacity, with a bucket of one
/// Ethernet frame (<see cref="BurstBytes"/>): nothing passes faster than the rate but the first packet
/// of an idle link, whose time the sending LinkShaper pays (its kernel lead). This kernel has no
/// netem, so propagation delay stays in user space (the agents' link shapers add it). Tiers reach the
/// controller through the chain (device and edge forward), as in the thesis's testbed.
///
/// Everything created carries the prefix, so <see cref="Down"/> finds leftovers of a crashed run by
/// name, and is idempotent: namespaces (and the processes in them), host-side veths, agents' cgroups.
/// Addressing: link k is 10.OCTET.k.0/30 (OCTET 231 by default), its upstream end .1 and its downstream end .2.
///
/// A tree (docs/topology.md, "Testbeds"; <see cref="Use"/>) gets one namespace per node (PREFIX-nN), one
/// veth pair per topology link (a sensor link from the host to its device, a node's uplink from it to its
/// parent; sender .1, receiver .2 as in the chain), and per node a route to every link's subnet: through the
/// child whose subtree holds it, else through the parent. The host reaches the tree through the first
/// device. The chain's layout, names and addresses are unchanged.
/// </summary>
public sealed class TestbedNetwork(string prefix = TestbedNetwork.DefaultPrefix, int octet = 231)
{
    public const string DefaultPrefix = "t2c";

    /// <summary>
    /// tbf's bucket: one full Ethernet frame at the veths' MTU of 1500 (1514 bytes with its header),
    /// the least tbf takes without dropping full-size packets. A bucket of 16 kB let any frame under
    /// 16 kB cross a 1 Mbit/s link at once (2.4 ms for a 2,304-byte frame instead of 18.4 ms).
    /// </summary>
    public const int BurstBytes = 1514;

    public string Prefix { get; } = prefix;
    public static readonly string[] TierNames = ["device", "edge", "cloud"];

    private Topology? _tree;

    /// <summary>
    /// Lays the testbed out for this topology: a tree gets one namespace per node (<see cref="Up"/> does
    /// it too); the chain keeps its three. Call before <see cref="IsUp"/> on a testbed brought up elsewhere.
    /// </summary>
    public TestbedNetwork Use(Topology topology)
    {
        _tree = topology.IsChain ? null : topology;
        return this;
    }

    /// <summary>Namespaces: the chain's three tiers, or a tree's nodes.</summary>
    public int NodeCount => _tree?.NodeCount ?? 3;

    public string Namespace(int tier) => _tree is null ? $"{Prefix}-{TierNames[tier]}" : $"{Prefix}-n{tier}";
    /// <summary>Address of tier k's agent, on its upstream link k (a tree's node: on the first link into it, its sensor link or its first child's uplink).</summary>
    public string TierAddress(int tier) => _tree is null ? $"10.{octet}.{tier}.2" : $"10.{octet}.{FirstLinkInto(tier)}.2";
    /// <summary>The controller's (and sensor's) address, the upstream end of link 0 (a tree: of the first device's sensor link), in the host namespace.</summary>
    public string HostAddress => _tree is null ? $"10.{octet}.0.1" : $"10.{octet}.{_tree.Paths[0].Links[0]}.1";

    private int FirstLinkInto(int node)
    {
        for (int l = 0; l < _tree!.Links.Count; l++)
            if (_tree.Links[l].Parent == node) return l;
        throw new ArgumentException($"node {_tree.Nodes[node].Name} has no link into it: no agent can be reached there");
    }

    private string Veth(int link, bool upstream) => $"{Prefix}l{link}{(upstream ? "u" : "d")}";

    /// <summary>Whether namespaces and tc can be used here (root, iproute2).</summary>
    public static string? Unavailable()
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root" && !IsRoot()) return "needs root";
        var probe = $"t2c-probe-{Environment.ProcessId}";
        var (code, _, error) = Shell.TryRun("ip", "netns", "add", probe);
        if (code != 0) return $"network namespaces unavailable: {error.Trim()}";
        Shell.TryRun("ip", "netns", "del", probe);
        return null;
    }

    private static bool IsRoot() => File.Exists("/proc/self/status") && File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0");

    /// <summary>Creates the namespaces and links; on any failure removes what it made.</summary>
    public void Up(Topology topology, Action<string> log)
    {
        Use(topology);
        if (_tree is not null)
        {
            UpTree(_tree, log);
            return;
        }
        if (topology.TierCount != 3) throw new ArgumentException($"the testbed has three tiers, the scenario {topology.TierCount}");
        Down(_ => { });
        try
        {
            for (int k = 0; k < 3; k++)
            {
                Shell.Run("ip", "netns", "add", Namespace(k));
                Ns(k, "ip", "link", "set", "lo", "up");
            }
            for (int link = 0; link < 3; link++)
            {
                string up = Veth(link, true), down = Veth(link, false);
                Shell.Run("ip", "link", "add", up, "type", "veth", "peer", "name", down);
                if (link > 0) Shell.Run("ip", "link", "set", up, "netns", Namespace(link - 1));
                Shell.Run("ip", "link", "set", down, "netns", Namespace(link));
                InUpstream(link, "ip", "addr", "add", $"10.{octet}.{link}.1/30", "dev", up);
                InUpstream(link, "ip", "link", "set", up, "up");
                Ns(link, "ip", "addr", "add", $"{TierAddress(link)}/30", "dev", down);
                Ns(link, "ip", "link", "set", down, "up");
                double rateBps = topology.Links[link].CapacityBps - topology.Links[link].BackgroundBps;
                Shape(link, "add", rateBps);
                log($"link {link} ({topology.Links[link].Name}): {up} 10.{octet}.{link}.1 <-> {down} {TierAddress(link)}, tbf {Tc(rateBps)} burst {BurstBytes} bytes");
            }
            // Routes along the chain: each tier's default route points upstream; device and edge forward.
            for (int k = 0; k < 3; k++)
            {
                Ns(k, "ip", "route", "add", "default", "via", $"10.{octet}.{k}.1");
                if (k < 2) Ns(k, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
                // Links further down the chain are reached through the next tier.
                for (int j = k + 2; j < 3; j++) Ns(k, "ip", "route", "add", $"10.{octet}.{j}.0/30", "via", TierAddress(k + 1));
            }
            Shell.Run("ip", "route", "replace", $"10.{octet}.0.0/16", "via", TierAddress(0));
            log($"testbed up: namespaces {string.Join(", ", Enumerable.Range(0, 3).Select(Namespace))}");
        }
        catch
        {
            Down(_ => { });
            throw;
        }
    }

    /// <summary>A tree's namespaces, links and routes (see the class summary); on any failure removes what it made.</summary>
    private void UpTree(Topology tree, Action<string> log)
    {
        if (tree.Links.Count > 250) throw new ArgumentException($"the testbed addresses at most 250 links (10.{octet}.L.0/30), the scenario has {tree.Links.Count}");
        Down(_ => { });
        try
        {
            for (int n = 0; n < tree.NodeCount; n++)
            {
                Shell.Run("ip", "netns", "add", Namespace(n));
                Ns(n, "ip", "link", "set", "lo", "up");
                Ns(n, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
            }
            for (int link = 0; link < tree.Links.Count; link++)
            {
                var spec = tree.Links[link];
                string up = Veth(link, true), down = Veth(link, false);
                Shell.Run("ip", "link", "add", up, "type", "veth", "peer", "name", down);
                if (spec.Child >= 0) Shell.Run("ip", "link", "set", up, "netns", Namespace(spec.Child));
                Shell.Run("ip", "link", "set", down, "netns", Namespace(spec.Parent));
                InUpstream(link, "ip", "addr", "add", $"10.{octet}.{link}.1/30", "dev", up);
                InUpstream(link, "ip", "link", "set", up, "up");
                Ns(spec.Parent, "ip", "addr", "add", $"10.{octet}.{link}.2/30", "dev", down);
                Ns(spec.Parent, "ip", "link", "set", down, "up");
                double rateBps = spec.CapacityBps - spec.BackgroundBps;
                Shape(link, "add", rateBps);
                string from = spec.Child >= 0 ? tree.Nodes[spec.Child].Name : "host";
                log($"link {link} ({spec.Name}, {from} -> {tree.Nodes[spec.Parent].Name}): {up} 10.{octet}.{link}.1 <-> {down} 10.{octet}.{link}.2, tbf {Tc(rateBps)} burst {BurstBytes} bytes");
            }
            // Routes: every link's subnet through the child whose subtree holds it, else through the parent.
            var uplink = new int[tree.NodeCount];
            Array.Fill(uplink, -1);
            for (int l = 0; l < tree.Links.Count; l++) if (tree.Links[l].Child >= 0) uplink[tree.Links[l].Child] = l;
            bool Under(int node, int top)
            {
                for (int at = node; at >= 0; at = tree.Nodes[at].Parent) if (at == top) return true;
                return false;
            }
            for (int n = 0; n < tree.NodeCount; n++)
                for (int l = 0; l < tree.Links.Count; l++)
                {
                    var spec = tree.Links[l];
                    if (spec.Parent == n || spec.Child == n) continue; // its own subnet
                    int child = Enumerable.Range(0, tree.NodeCount).FirstOrDefault(c => tree.Nodes[c].Parent == n && Under(spec.Parent, c) && (spec.Child < 0 || Under(spec.Child, c)), -1);
                    string via = child >= 0 ? $"10.{octet}.{uplink[child]}.1" : uplink[n] >= 0 ? $"10.{octet}.{uplink[n]}.2" : "";
                    if (via.Length > 0) Ns(n, "ip", "route", "add", $"10.{octet}.{l}.0/30", "via", via);
                }
            // The host reaches every other subnet through the first device.
            Shell.Run("ip", "route", "replace", $"10.{octet}.0.0/16", "via", $"10.{octet}.{tree.Paths[0].Links[0]}.2");
            log($"testbed up: namespaces {string.Join(", ", Enumerable.Range(0, tree.NodeCount).Select(n => $"{Namespace(n)} ({tree.Nodes[n].Name})"))}");
        }
        catch
        {
            Down(_ => { });
            throw;
        }
    }

    /// <summary>A link event: link k's rate (capacity - background) changes, in both directions.</summary>
    public void SetRate(int link, double rateBps) => Shape(link, "change", rateBps);

    /// <summary>tbf in both directions: one frame's bucket, a deep queue (2 s) so TCP is not starved.</summary>
    private void Shape(int link, string verb, double rateBps)
    {
        string rate = Tc(rateBps), burst = BurstBytes.ToString(CultureInfo.InvariantCulture);
        InUpstream(link, "tc", "qdisc", verb, "dev", Veth(link, true), "root", "tbf", "rate", rate, "burst", burst, "latency", "2s");
        Ns(_tree is null ? link : _tree.Links[link].Parent, "tc", "qdisc", verb, "dev", Veth(link, false), "root", "tbf", "rate", rate, "burst", burst, "latency", "2s");
    }

    private static string Tc(double rateBps) => ((long)Math.Max(1e3, rateBps)).ToString(CultureInfo.InvariantCulture) + "bit";

    /// <summary>Whether the namespaces of this testbed exist (it is up).</summary>
    public bool IsUp()
    {
        var (_, list, _) = Shell.TryRun("ip", "netns", "list");
        var names = list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToHashSet();
        return Enumerable.Range(0, NodeCount).All(k => names.Contains(Namespace(k)));
    }

    /// <summary>Whether any namespace of this testbed's prefix exists (it is up, perhaps for another topology).</summary>
    public bool AnyUp()
    {
        var (_, list, _) = Shell.TryRun("ip", "netns", "list");
        return list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Any(l => l.StartsWith(Prefix + "-", StringComparison.Ordinal));
    }

    /// <summary>Removes everything with the prefix: processes in the namespaces, namespaces, host veths, the route, agents' cgroups.</summary>
    public void Down(Action<string> log)
    {
        var (_, list, _) = Shell.TryRun("ip", "netns", "list");
        foreach (var ns in list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).Where(n => n.StartsWith(Prefix + "-", StringComparison.Ordinal)))
        {
            var (_, pids, _) = Shell.TryRun("ip", "netns", "pids", ns);
            foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                Shell.TryRun("kill", "-9", pid.Trim());
            Shell.TryRun("ip", "netns", "del", ns);
            log($"removed namespace {ns}");
        }
        var (_, links, _) = Shell.TryRun("ip", "-o", "link", "show");
        foreach (var line in links.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(':', 3) is { Length: 3 } parts ? parts[1].Trim().Split('@')[0] : "";
            if (name.StartsWith(Prefix + "l", StringComparison.Ordinal)) { Shell.TryRun("ip", "link", "del", name); log($"removed link {name}"); }
        }
        Shell.TryRun("ip", "route", "del", $"10.{octet}.0.0/16");
        // Agents' groups carry no testbed prefix: only the real testbed's down sweeps them.
        if (Prefix == DefaultPrefix) RemoveAgentCgroups(log);
    }

    /// <summary>Agents' CPU groups left by a crash (an agent removes its own on a clean exit).</summary>
    public static void RemoveAgentCgroups(Action<string> log)
    {
        const string root = Profiling.CpuQuotaCgroup.DefaultRoot;
        if (!Directory.Exists(root)) return;
        foreach (var dir in Directory.GetDirectories(root, AgentCgroup.Prefix + "*"))
        {
            try
            {
                foreach (var pid in File.ReadAllLines(Path.Combine(dir, "cgroup.procs")))
                    File.WriteAllText(Path.Combine(root, "cgroup.procs"), pid);
                Directory.Delete(dir);
                log($"removed cgroup {dir}");
            }
            catch (IOException e) { log($"cgroup {dir} not removed: {e.Message}"); }
        }
    }

    private void Ns(int tier, params string[] cmd) => Shell.Run("ip", ["netns", "exec", Namespace(tier), .. cmd]);

    /// <summary>In the namespace of link k's sending end: the host for the chain's link 0 and a tree's sensor links.</summary>
    private void InUpstream(int link, params string[] cmd)
    {
        int sender = _tree is null ? link - 1 : _tree.Links[link].Child;
        if (sender < 0) Shell.Run(cmd[0], cmd[1..]);
        else Ns(sender, cmd);
    }
}
