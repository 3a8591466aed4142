namespace T2CSim.Tests.Experiments;

using T2CSim.Core.Domain;
using T2CSim.Experiments.Deployment;
using YamlDotNet.RepresentationModel;

/// <summary>The generated manifests parse, and hold one Deployment per tier pinned to its node and one Service per agent.</summary>
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
}
