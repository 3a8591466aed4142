namespace T2CSim.Experiments.Deployment;

using System.Globalization;
using T2CSim.Core.Domain;
using YamlDotNet.Serialization;

/// <summary>
/// Kubernetes manifests for the agents of a real three-host testbed: per tier a Deployment of one
/// agent pinned to its host by the node label t2c.tier=TIER, and a Service giving the agent a stable
/// data endpoint (t2c-agent-TIER:5560) that the controller hands to the tier before it as next hop.
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

    public static string Build(Topology topology, string image, string controllerEndpoint, string ns = "t2c")
    {
        var documents = new List<object>();
        for (int k = 0; k < topology.TierCount; k++)
        {
            string tier = topology.Tiers[k].Name, name = $"t2c-agent-{tier}";
            var labels = new Dictionary<string, string> { ["app"] = name, ["t2c.tier"] = tier };
            var args = new List<string>
            {
                "agent", "--tier", tier, "--control", controllerEndpoint,
                "--data-bind", $"tcp://*:{DataPort}", "--data-advertise", $"tcp://{name}.{ns}.svc.cluster.local:{DataPort}",
            };
            if (k + 1 < topology.Links.Count)
                args.AddRange(["--link-latency-ms", (topology.Links[k + 1].PropagationS * 1000).ToString("R", CultureInfo.InvariantCulture)]);
            args.AddRange(["--keys", KeyMount, "--upstream", k == 0 ? "controller" : topology.Tiers[k - 1].Name]);
            if (k + 1 < topology.TierCount) args.AddRange(["--downstream", topology.Tiers[k + 1].Name]);
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
