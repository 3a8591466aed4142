namespace T2CSim.Tests.Experiments;

using k8s;
using k8s.Models;
using T2CSim.Core;
using T2CSim.Core.Domain;
using T2CSim.Experiments.Deployment;
using YamlDotNet.RepresentationModel;

/// <summary>The generated manifests parse, and hold one Deployment per tier pinned to its node and one Service per agent.</summary>
[Category("Slow")]
public class K8sManifestsTests
{
    [Test]
    public void Three_deployments_with_node_selectors_and_three_services()
    {
        var yaml = K8sManifests.Build(Topology.Thesis(), "t2csim/agent:test", "tcp://10.0.0.1:5550");
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var docs = stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
        string Kind(YamlMappingNode d) => ((YamlScalarNode)d["kind"]).Value!;
        var deployments = docs.Where(d => Kind(d) == "Deployment").ToList();
        Assert.That(deployments, Has.Count.EqualTo(3));
        Assert.That(docs.Count(d => Kind(d) == "Service"), Is.EqualTo(3));
        var selectors = deployments.Select(d =>
        {
            var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)d["spec"])["template"])["spec"];
            return ((YamlScalarNode)((YamlMappingNode)pod["nodeSelector"])[K8sManifests.NodeLabel]).Value;
        });
        Assert.That(selectors, Is.EqualTo(new[] { "device", "edge", "cloud" }));
        Assert.That(yaml, Does.Contain("tcp://10.0.0.1:5550"));
    }

    [Test]
    public void Every_agent_mounts_its_own_secret_key_and_the_public_keys_and_is_told_its_peers()
    {
        var yaml = K8sManifests.Build(Topology.Thesis(), "t2csim/agent:test", "tcp://10.0.0.1:5550");
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var deployments = stream.Documents.Select(d => (YamlMappingNode)d.RootNode).Where(d => ((YamlScalarNode)d["kind"]).Value == "Deployment").ToList();
        string[] tiers = ["device", "edge", "cloud"];
        for (int k = 0; k < 3; k++)
        {
            var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)deployments[k]["spec"])["template"])["spec"];
            var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"])[0];
            var args = ((YamlSequenceNode)container["args"]).Select(a => ((YamlScalarNode)a).Value).ToList();
            Assert.That(args[args.IndexOf("--keys") + 1], Is.EqualTo(K8sManifests.KeyMount));
            Assert.That(args[args.IndexOf("--upstream") + 1], Is.EqualTo(k == 0 ? "controller" : tiers[k - 1]));
            Assert.That(args.Contains("--downstream") ? args[args.IndexOf("--downstream") + 1] : null, Is.EqualTo(k < 2 ? tiers[k + 1] : null));
            Assert.That(args, Does.Not.Contain("--insecure"));
            var mount = (YamlMappingNode)((YamlSequenceNode)container["volumeMounts"])[0];
            Assert.That((((YamlScalarNode)mount["mountPath"]).Value, ((YamlScalarNode)mount["readOnly"]).Value), Is.EqualTo((K8sManifests.KeyMount, "true")));
            var sources = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)((YamlSequenceNode)pod["volumes"])[0])["projected"])["sources"];
            var secrets = sources.Select(s => ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)s)["secret"])["name"]).Value).ToList();
            Assert.That(secrets, Is.EqualTo(new[] { K8sManifests.KeySecret(tiers[k]), K8sManifests.PublicKeysSecret }));
        }
    }

    [Test]
    public void The_manifests_load_into_kubernetes_models_with_every_argument_a_string()
    {
        // Kubernetes refuses a container argument that YAML reads as a number ("- 3" instead of "- '3'").
        var objects = KubernetesYaml.LoadAllFromString(K8sManifests.Build(Topology.Thesis(), "t2csim/agent:test", "tcp://10.0.0.1:5550"));
        var deployments = objects.OfType<V1Deployment>().ToList();
        Assert.That(deployments, Has.Count.EqualTo(3));
        Assert.That(objects.OfType<V1Service>().Count(), Is.EqualTo(3));
        var text = K8sManifests.Build(Topology.Thesis(), "t2csim/agent:test", "tcp://10.0.0.1:5550");
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        foreach (var doc in stream.Documents.Select(d => (YamlMappingNode)d.RootNode).Where(d => ((YamlScalarNode)d["kind"]).Value == "Deployment"))
        {
            var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)doc["spec"])["template"])["spec"];
            var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"])[0];
            var numeric = ((YamlSequenceNode)container["args"]).Cast<YamlScalarNode>()
                .Where(a => a.Style == YamlDotNet.Core.ScalarStyle.Plain && double.TryParse(a.Value, System.Globalization.CultureInfo.InvariantCulture, out _))
                .Select(a => a.Value).ToList();
            Assert.That(numeric, Is.Empty, "numeric arguments must be quoted");
        }
    }

    [Test]
    public void A_tree_of_two_devices_yields_four_agents_each_told_its_parent_and_children()
    {
        var scenario = T2CSim.Core.Scenarios.ScenarioLoader.Load(Path.Combine(ProjectPaths.Root!, "scenarios", "graph-two-devices.yaml"));
        var objects = KubernetesYaml.LoadAllFromString(K8sManifests.Build(scenario.Topology, "t2csim/agent:test", "tcp://10.0.0.1:5550"));
        var deployments = objects.OfType<V1Deployment>().ToDictionary(d => d.Spec.Template.Spec.NodeSelector[K8sManifests.NodeLabel]);
        Assert.That(deployments.Keys, Is.EquivalentTo(new[] { "cloud", "edge", "intersection", "senior-house" }));
        Assert.That(objects.OfType<V1Service>().Select(s => s.Metadata.Name),
            Is.EquivalentTo(new[] { "t2c-agent-cloud", "t2c-agent-edge", "t2c-agent-intersection", "t2c-agent-senior-house" }));
        string? Arg(string node, string option)
        {
            var args = deployments[node].Spec.Template.Spec.Containers[0].Args;
            int i = args.IndexOf(option);
            return i < 0 ? null : args[i + 1];
        }
        // Devices take frames from the controller's sensor and forward to the edge; the edge takes both devices' jobs.
        foreach (string device in new[] { "intersection", "senior-house" })
            Assert.That((Arg(device, "--upstream"), Arg(device, "--downstream"), Arg(device, "--link-latency-ms")), Is.EqualTo(("controller", "edge", "3")));
        Assert.That((Arg("edge", "--upstream"), Arg("edge", "--downstream"), Arg("edge", "--link-latency-ms")), Is.EqualTo(("intersection,senior-house", "cloud", "5")));
        Assert.That((Arg("cloud", "--upstream"), Arg("cloud", "--downstream"), Arg("cloud", "--link-latency-ms")), Is.EqualTo(("edge", (string?)null, (string?)null)));
        Assert.That(Arg("senior-house", "--data-advertise"), Is.EqualTo("tcp://t2c-agent-senior-house.t2c.svc.cluster.local:5560"));
    }

    [Test]
    public void A_node_name_that_cannot_name_a_kubernetes_object_is_recognised()
    {
        Assert.That(K8sManifests.IsObjectName("senior-house"), Is.True);
        Assert.That(new[] { "Senior", "cam_a", "-edge", "edge-", "", new string('a', 53) }.Where(K8sManifests.IsObjectName), Is.Empty);
    }
}
