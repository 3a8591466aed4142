namespace T2CSim.Experiments.Deployment;

using System.Globalization;
using T2CSim.Core.Domain;
using YamlDotNet.Serialization;

/// <summary>
/// Kubernetes manifests for the agents of a real testbed: per node of the topology (the chain's three
/// tiers, or every node of a tree, docs/topology.md "Testbeds") a Deployment of one agent pinned to its
/// host by the node label t2c.tier=NODE, and a Service giving the agent a stable data endpoint
/// (t2c-agent-NODE:5560) that the controller hands to the nodes forwarding to it (its children) as next hop.
/// A device's agent accepts Jobs from the controller's sensor, any other from its children.
/// The controller runs outside the cluster (`t2c hil --listen`), reached at --controller.
/// Keys (docs/security.md) come from Secrets mounted read-only at /etc/t2c/keys: t2c-key-TIER (the
/// agent's TIER.key) and t2c-public-keys (every .pub); create them from `t2c keys generate` with
/// `kubectl create secret generic t2c-key-device --from-file=DIR/device.key -n t2c` (and so on) and
/// `kubectl create secret generic t2c-public-keys --from-file=DIR/controller.pub --from-file=DIR/device.pub ... -n t2c`.
/// </summary>
public static class K8sManifests
{
    public const int DataPort = 5560;
    public const string NodeLabel = "t2c.tier";
    public const string KeyMount = "/etc/t2c/keys";
    public const string PublicKeysSecret = "t2c-public-keys";
    public static string KeySecret(string tier) => $"t2c-key-{tier}";

    /// <summary>
    /// Whether a node name can be part of the agent's object names (t2c-agent-NODE, t2c-key-NODE: a
    /// DNS-1123 label of at most 63 characters, so at most 52 for the name) and a label value.
    /// </summary>
    public static bool IsObjectName(string name) =>
        name.Length is > 0 and <= 52 && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static string Build(Topology topology, string image, string controllerEndpoint, string ns = "t2c")
    {
        var documents = new List<object>();
        for (int k = 0; k < topology.NodeCount; k++)
        {
            string tier = topology.Nodes[k].Name, name = $"t2c-agent-{tier}";
            var labels = new Dictionary<string, string> { ["app"] = name, ["t2c.tier"] = tier };
            var args = new List<string>
            {
                "agent", "--tier", tier, "--control", controllerEndpoint,
                "--data-bind", $"tcp://*:{DataPort}", "--data-advertise", $"tcp://{name}.{ns}.svc.cluster.local:{DataPort}",
            };
            int parent = topology.Nodes[k].Parent;
            if (parent >= 0 && topology.Links.FirstOrDefault(l => l.Child == k) is { } uplink)
                args.AddRange(["--link-latency-ms", (uplink.PropagationS * 1000).ToString("R", CultureInfo.InvariantCulture)]);
            var children = Enumerable.Range(0, topology.NodeCount).Where(c => topology.Nodes[c].Parent == k).Select(c => topology.Nodes[c].Name);
            args.AddRange(["--keys", KeyMount, "--upstream", topology.PathIndexOfNode(k) >= 0 ? "controller" : string.Join(',', children)]);
            if (parent >= 0) args.AddRange(["--downstream", topology.Nodes[parent].Name]);
            // Real machines are their own tiers: no CPU-share emulation on a cluster.
            documents.Add(new Dictionary<string, object>
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["namespace"] = ns, ["labels"] = labels },
                ["spec"] = new Dictionary<string, object>
                {
                    ["replicas"] = 1,
                    ["selector"] = new Dictionary<string, object> { ["matchLabels"] = new Dictionary<string, string> { ["app"] = name } },
                    ["template"] = new Dictionary<string, object>
                    {
                        ["metadata"] = new Dictionary<string, object> { ["labels"] = labels },
                        ["spec"] = new Dictionary<string, object>
                        {
                            ["nodeSelector"] = new Dictionary<string, string> { [NodeLabel] = tier },
                            ["containers"] = new List<object>
                            {
                                new Dictionary<string, object>
                                {
                                    ["name"] = "agent",
                                    ["image"] = image,
                                    ["args"] = args,
                                    ["ports"] = new List<object> { new Dictionary<string, object> { ["name"] = "data", ["containerPort"] = DataPort } },
                                    // The CPU quota of the tier is set by the agent itself (cgroup v1) when it may; give it one CPU to share.
                                    ["resources"] = new Dictionary<string, object> { ["limits"] = new Dictionary<string, string> { ["cpu"] = "1" } },
                                    ["volumeMounts"] = new List<object> { new Dictionary<string, object> { ["name"] = "keys", ["mountPath"] = KeyMount, ["readOnly"] = true } },
                                },
                            },
                            // The agent's own secret key and everyone's public keys, in one read-only folder.
                            ["volumes"] = new List<object>
                            {
                                new Dictionary<string, object>
                                {
                                    ["name"] = "keys",
                                    ["projected"] = new Dictionary<string, object>
                                    {
                                        ["defaultMode"] = 256, // 0400
                                        ["sources"] = new List<object>
                                        {
                                            new Dictionary<string, object> { ["secret"] = new Dictionary<string, object> { ["name"] = KeySecret(tier) } },
                                            new Dictionary<string, object> { ["secret"] = new Dictionary<string, object> { ["name"] = PublicKeysSecret } },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            });
            documents.Add(new Dictionary<string, object>
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Service",
                ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["namespace"] = ns },
                ["spec"] = new Dictionary<string, object>
                {
                    ["selector"] = new Dictionary<string, string> { ["app"] = name },
                    ["ports"] = new List<object> { new Dictionary<string, object> { ["name"] = "data", ["port"] = DataPort, ["targetPort"] = DataPort } },
                },
            });
        }
        var serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build(); // args such as "3" stay strings (Kubernetes refuses numbers there)
        var header = new Dictionary<string, object> { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new Dictionary<string, object> { ["name"] = ns } };
        return string.Join("---\n", new[] { header }.Concat(documents).Select(serializer.Serialize));
    }
}
