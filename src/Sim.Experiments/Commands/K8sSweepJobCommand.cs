namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Core;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Deployment;

/// <summary>
/// `t2c k8s sweep-job --shards N --image IMG --out DIR [sweep options]`: writes sweep-job.yaml (a
/// results volume claim and an Indexed Job, completion index = shard), merge-job.yaml and run.sh.
/// </summary>
public static class K8sSweepJobCommand
{
    public static Command Build()
    {
        var sweep = new ShardedSweepOptions(K8sSweepJob.ResultsMount);
        var image = new Option<string>("--image") { Description = "Simulator image (deploy/sim.Dockerfile).", Required = true };
        var ns = new Option<string>("--namespace") { Description = "Namespace of the jobs and the volume claim.", DefaultValueFactory = _ => "t2c" };
        var parallelism = new Option<int>("--parallelism") { Description = "Shards running at once (default: all).", DefaultValueFactory = _ => int.MaxValue };
        var cpu = new Option<int>("--cpu") { Description = "Cores per shard's pod (its --parallel).", DefaultValueFactory = _ => 1 };
        var storage = new Option<string>("--storage") { Description = "Size of the results volume claim.", DefaultValueFactory = _ => "1Gi" };
        var command = new Command("sweep-job", "Write a sharded sweep as a Kubernetes Indexed Job, its merge Job and run.sh.");
        sweep.AddTo(command);
        foreach (var o in new Option[] { image, ns, parallelism, cpu, storage }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var sharded = sweep.Load(parse);
            if (parse.GetValue(parallelism) < 1) throw new UserInputException(null, "--parallelism", "at least one pod at once is needed");
            if (parse.GetValue(cpu) < 1) throw new UserInputException(null, "--cpu", "at least one core is needed");
            if (!sharded.ResultsRoot.StartsWith(K8sSweepJob.ResultsMount, StringComparison.Ordinal))
                throw new UserInputException(null, "--results", $"'{sharded.ResultsRoot}' is not on the results volume, mounted at {K8sSweepJob.ResultsMount}");
            string dir = parse.GetValue(sweep.Output)!, nsName = parse.GetValue(ns)!, img = parse.GetValue(image)!;
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "sweep-job.yaml"), K8sSweepJob.SweepManifest(sharded, img, nsName, parse.GetValue(parallelism), parse.GetValue(cpu), parse.GetValue(storage)!));
            File.WriteAllText(Path.Combine(dir, "merge-job.yaml"), K8sSweepJob.MergeManifest(sharded, img, nsName));
            string run = Path.Combine(dir, "run.sh");
            ScriptFile.Write(run, K8sSweepJob.RunScript(sharded, nsName));
            Console.WriteLine($"wrote {Path.Combine(dir, "sweep-job.yaml")}, merge-job.yaml and run.sh: {sharded.Shards} shards of `t2c {string.Join(' ', sharded.ShardArgs("i", "1").Take(3))} ...`; results in {sharded.MergedDir}");
        });
        return command;
    }
}
