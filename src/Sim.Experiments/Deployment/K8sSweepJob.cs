namespace T2CSim.Experiments.Deployment;

using System.Globalization;
using YamlDotNet.Serialization;

/// <summary>
/// A sharded sweep as Kubernetes objects (`t2c k8s sweep-job`): sweep-job.yaml holds a
/// PersistentVolumeClaim for the results and an Indexed Job of N completions, whose completion index
/// is the shard (read from the pod's job-completion-index annotation through the downward API and
/// expanded by Kubernetes in the arguments as $(T2C_SHARD)); merge-job.yaml holds the Job that joins
/// the shards once every index has succeeded (run.sh applies one, waits, applies the other). The
/// image is deploy/sim.Dockerfile's: t2c with the checkout's scenarios, lookup tables and traces.
/// </summary>
public static class K8sSweepJob
{
    public const string ShardVariable = "T2C_SHARD";
    public const string IndexAnnotation = "batch.kubernetes.io/job-completion-index";
    public const string ResultsMount = "/results";

    public static string ClaimName(ShardedSweep sweep) => $"{sweep.Name}-results";
    public static string SweepJobName(ShardedSweep sweep) => $"{sweep.Name}-shards";
    public static string MergeJobName(ShardedSweep sweep) => $"{sweep.Name}-merge";

    /// <param name="parallelism">Shards running at once (pods); each uses `cpu` cores for its runs.</param>
    public static string SweepManifest(ShardedSweep sweep, string image, string ns, int parallelism, int cpu, string storage)
    {
        var claim = new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = Metadata(ClaimName(sweep), ns, sweep),
            ["spec"] = new Dictionary<string, object>
            {
                // Every shard's pod writes its own folder on the same volume, possibly from several nodes.
                ["accessModes"] = new List<string> { "ReadWriteMany" },
                ["resources"] = new Dictionary<string, object> { ["requests"] = new Dictionary<string, string> { ["storage"] = storage } },
            },
        };
        var env = new List<object>
        {
            new Dictionary<string, object>
            {
                ["name"] = ShardVariable,
                ["valueFrom"] = new Dictionary<string, object> { ["fieldRef"] = new Dictionary<string, string> { ["fieldPath"] = $"metadata.annotations['{IndexAnnotation}']" } },
            },
        };
        string cores = cpu.ToString(CultureInfo.InvariantCulture);
        var job = JobOf(SweepJobName(sweep), ns, sweep, image, sweep.ShardArgs($"$({ShardVariable})", cores), cpu, env);
        var spec = (Dictionary<string, object>)job["spec"];
        spec["completionMode"] = "Indexed";
        spec["completions"] = sweep.Shards;
        spec["parallelism"] = Math.Min(parallelism, sweep.Shards);
        // A failed shard is retried on its own; the others keep their results.
        spec["backoffLimitPerIndex"] = 2;
        spec["maxFailedIndexes"] = sweep.Shards;
        return Serialize(claim, job);
    }

    public static string MergeManifest(ShardedSweep sweep, string image, string ns) =>
        Serialize(JobOf(MergeJobName(sweep), ns, sweep, image, [.. sweep.MergeArgs(), "--no-plots"], 1, null));

    public static string RunScript(ShardedSweep sweep, string ns) => $"""
        #!/usr/bin/env bash
        # Runs the sharded sweep {sweep.Name} on the current kubectl context: the shards as an Indexed
        # Job, then the merge once every shard has succeeded. Results: {sweep.MergedDir} on the volume
        # claim {ClaimName(sweep)} (copy them out with a pod that mounts it, e.g. kubectl cp).
        set -euo pipefail
        cd "$(dirname "$0")"
        kubectl apply -f sweep-job.yaml
        kubectl -n {ns} wait --for=condition=complete --timeout=24h job/{SweepJobName(sweep)}
        kubectl apply -f merge-job.yaml
        kubectl -n {ns} wait --for=condition=complete --timeout=1h job/{MergeJobName(sweep)}
        kubectl -n {ns} logs job/{MergeJobName(sweep)}

        """.Replace("\r\n", "\n");

    private static Dictionary<string, object> JobOf(string name, string ns, ShardedSweep sweep, string image, List<string> args, int cpu, List<object>? env)
    {
        var container = new Dictionary<string, object>
        {
            ["name"] = "t2c",
            ["image"] = image,
            ["args"] = args,
            ["volumeMounts"] = new List<object> { new Dictionary<string, object> { ["name"] = "results", ["mountPath"] = ResultsMount } },
            ["resources"] = new Dictionary<string, object>
            {
                ["requests"] = new Dictionary<string, string> { ["cpu"] = cpu.ToString(CultureInfo.InvariantCulture), ["memory"] = "1Gi" },
                ["limits"] = new Dictionary<string, string> { ["memory"] = "2Gi" },
            },
        };
        if (env is not null) container["env"] = env;
        return new Dictionary<string, object>
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = Metadata(name, ns, sweep),
            ["spec"] = new Dictionary<string, object>
            {
                ["backoffLimit"] = 6,
                ["template"] = new Dictionary<string, object>
                {
                    ["metadata"] = new Dictionary<string, object> { ["labels"] = Labels(sweep) },
                    ["spec"] = new Dictionary<string, object>
                    {
                        ["restartPolicy"] = "Never",
                        ["containers"] = new List<object> { container },
                        ["volumes"] = new List<object>
                        {
                            new Dictionary<string, object>
                            {
                                ["name"] = "results",
                                ["persistentVolumeClaim"] = new Dictionary<string, string> { ["claimName"] = ClaimName(sweep) },
                            },
                        },
                    },
                },
            },
        };
    }

    private static Dictionary<string, object> Metadata(string name, string ns, ShardedSweep sweep) =>
        new() { ["name"] = name, ["namespace"] = ns, ["labels"] = Labels(sweep) };

    private static Dictionary<string, string> Labels(ShardedSweep sweep) => new() { ["app"] = "t2c-sweep", ["t2c.sweep"] = sweep.Name };

    private static string Serialize(params object[] documents)
    {
        // Quoted where a plain scalar would read as another type: `--repeats 5` must stay the string "5" in args.
        var serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();
        return string.Join("---\n", documents.Select(serializer.Serialize));
    }
}
