namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Core;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Deployment;

/// <summary>
/// `t2c k8s manifests --out DIR [--image IMAGE] [--controller ENDPOINT]`: the agents of a real testbed
/// as Kubernetes manifests; `t2c k8s sweep-job` (K8sSweepJobCommand): a sharded sweep as an Indexed Job.
/// </summary>
public sealed class K8sCommand : ICliCommand
{
    public Command Build()
    {
        var scenario = new ScenarioOptions();
        var output = new Option<string>("--out") { Description = "Folder for t2c-agents.yaml.", Required = true };
        var image = new Option<string>("--image") { Description = "Agent image (docs/hardware.md: deploy/agent.Dockerfile).", DefaultValueFactory = _ => "t2csim/agent:latest" };
        var controller = new Option<string>("--controller") { Description = "Control endpoint of `t2c hil --listen` as the agents reach it.", DefaultValueFactory = _ => "tcp://t2c-controller:5550" };
        var manifests = new Command("manifests", "Write a Deployment per node of the topology (pinned by node label t2c.tier) and a Service per agent.");
        scenario.AddTo(manifests);
        foreach (var o in new Option[] { output, image, controller }) manifests.Options.Add(o);
        manifests.SetAction(parse =>
        {
            string endpoint = parse.GetValue(controller)!;
            if (!endpoint.StartsWith("tcp://", StringComparison.Ordinal)) throw new UserInputException(null, "--controller", $"'{endpoint}' is not a tcp:// endpoint");
            string dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, "t2c-agents.yaml");
            var loaded = scenario.Load(parse);
            // One agent per node; its name becomes Kubernetes object names and a label value.
            for (int n = 0; n < loaded.Topology.NodeCount; n++)
                if (!K8sManifests.IsObjectName(loaded.Topology.Nodes[n].Name))
                    throw new UserInputException(loaded.SourcePath, $"topology.nodes.{n}.name",
                        $"'{Printable.Escape(loaded.Topology.Nodes[n].Name)}' cannot name a Kubernetes agent: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 52 characters");
            File.WriteAllText(path, K8sManifests.Build(loaded.Topology, parse.GetValue(image)!, endpoint));
            Console.WriteLine($"wrote {path}; label the hosts: kubectl label node HOST {K8sManifests.NodeLabel}={loaded.Topology.Nodes[0].Name} ({string.Join(", ", loaded.Topology.Nodes.Skip(1).Select(t => t.Name))})");
        });
        var command = new Command("k8s", "Kubernetes deployment of the agents; sharded sweeps as Indexed Jobs.");
        command.Subcommands.Add(manifests);
        command.Subcommands.Add(K8sSweepJobCommand.Build());
        return command;
    }
}
