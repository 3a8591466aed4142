namespace T2CSim.Tests.Experiments.Deployment;

using System.Diagnostics;
using k8s;
using k8s.Models;
using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Experiments.Commands;
using T2CSim.Experiments.Deployment;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;
using T2CSim.Tests.Experiments.Support;

/// <summary>
/// The cluster generators: the Kubernetes manifests deserialize into KubernetesClient's official
/// models with the Indexed Job wired to the shards and the volume; the Slurm array script, run by
/// bash once per array task id, and its merge script produce the unsharded sweep's files.
/// </summary>
[Category("Slow")]
public sealed class ClusterSweepTests
{
    private static readonly ShardedSweep Sweep = ShardedSweep.Create("t2c-grid",
        ["--scenario", "scenarios/thesis-planning.yaml", "--vary", "workload.latency_s={distribution: uniform, low: 0.2, high: 0.3}", "--repeats", "5"], 4, "/results/grid");

    [Test]
    public void TheSweepJobIsAnIndexedJobWithAShardPerCompletionIndex()
    {
        var objects = KubernetesYaml.LoadAllFromString(K8sSweepJob.SweepManifest(Sweep, "registry.example/t2csim-sim:1", "t2c", parallelism: 3, cpu: 2, storage: "5Gi"));
        var claim = objects.OfType<V1PersistentVolumeClaim>().Single();
        var job = objects.OfType<V1Job>().Single();
        Assert.That(objects, Has.Count.EqualTo(2));
        Assert.That(claim.Spec.AccessModes, Is.EqualTo(new[] { "ReadWriteMany" }));
        Assert.That(claim.Spec.Resources.Requests["storage"].ToString(), Is.EqualTo("5Gi"));

        Assert.That(job.Metadata.NamespaceProperty, Is.EqualTo("t2c"));
        Assert.That(job.Spec.CompletionMode, Is.EqualTo("Indexed"));
        Assert.That(job.Spec.Completions, Is.EqualTo(4));
        Assert.That(job.Spec.Parallelism, Is.EqualTo(3));
        Assert.That(job.Spec.BackoffLimitPerIndex, Is.EqualTo(2));
        var pod = job.Spec.Template.Spec;
        Assert.That(pod.RestartPolicy, Is.EqualTo("Never"));
        var container = pod.Containers.Single();
        Assert.That(container.Image, Is.EqualTo("registry.example/t2csim-sim:1"));
        Assert.That(container.Args, Is.EqualTo(new[]
        {
            "sweep", "--scenario", "scenarios/thesis-planning.yaml", "--vary", "workload.latency_s={distribution: uniform, low: 0.2, high: 0.3}", "--repeats", "5",
            "--shard", "$(T2C_SHARD)/4", "--out", "/results/grid/shard-$(T2C_SHARD)", "--parallel", "2", "--no-plots",
        }), "numbers stay strings, and $(T2C_SHARD) is the completion index");
        var shard = container.Env.Single(e => e.Name == K8sSweepJob.ShardVariable);
        Assert.That(shard.ValueFrom.FieldRef.FieldPath, Is.EqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']"));
        Assert.That(container.Resources.Requests["cpu"].ToString(), Is.EqualTo("2"));
        var mount = container.VolumeMounts.Single();
        Assert.That(mount.MountPath, Is.EqualTo(K8sSweepJob.ResultsMount));
        Assert.That(pod.Volumes.Single(v => v.Name == mount.Name).PersistentVolumeClaim.ClaimName, Is.EqualTo(claim.Metadata.Name));
    }

    [Test]
    public void TheMergeJobJoinsEveryShardOnTheSameVolume()
    {
        var job = KubernetesYaml.LoadAllFromString(K8sSweepJob.MergeManifest(Sweep, "img:1", "t2c")).OfType<V1Job>().Single();
        var container = job.Spec.Template.Spec.Containers.Single();
        Assert.That(container.Args, Is.EqualTo(new[]
        {
            "merge", "/results/grid/shard-0", "/results/grid/shard-1", "/results/grid/shard-2", "/results/grid/shard-3", "--out", "/results/grid/merged", "--no-plots",
        }));
        Assert.That(job.Spec.CompletionMode, Is.Null);
        Assert.That(job.Spec.Template.Spec.Volumes.Single().PersistentVolumeClaim.ClaimName, Is.EqualTo(K8sSweepJob.ClaimName(Sweep)));
        Assert.That(K8sSweepJob.RunScript(Sweep, "t2c"), Does.Contain($"wait --for=condition=complete --timeout=24h job/{K8sSweepJob.SweepJobName(Sweep)}"));
    }

    [TestCase("T2C_grid")]
    [TestCase("-grid")]
    [TestCase("")]
    public void ANameThatCannotNameKubernetesObjectsIsRefused(string name) =>
        Assert.Throws<UserInputException>(() => ShardedSweep.Create(name, [], 2, "/results"));

    /// <summary>The generated scripts themselves, with sbatch's environment played by hand: task ids 0..3, then the merge.</summary>
    [Test]
    [Category("Slow")]
    public void TheSlurmArrayRunByTaskIdThenMergedEqualsTheUnshardedSweep()
    {
        using var fixture = new SweepFixture();
        string root = fixture.Output("slurm");
        var sweep = ShardedSweep.Create("t2c-fixture",
            ["--scenario", fixture.ScenarioPath, "--algorithms", "NEU,T2C_MHE", "--multipliers", "1,4", "--repeats", "2", "--vary", "controller.aggregation_period_s=10,20"], 4, root);
        Directory.CreateDirectory(root);
        string array = Path.Combine(root, "sweep-array.sbatch"), merge = Path.Combine(root, "merge.sbatch");
        File.WriteAllText(array, SlurmSweepArray.ArrayScript(sweep, cpus: 1, timeLimit: "00:10:00", concurrent: 2, partition: null));
        File.WriteAllText(merge, SlurmSweepArray.MergeScript(sweep, null));
        Assert.That(File.ReadAllText(array), Does.Contain("#SBATCH --array=0-3%2"));
        // $T2C: this build's t2c, as the cluster's PATH would give it.
        string t2c = Path.Combine(root, "t2c");
        File.WriteAllText(t2c, $"#!/bin/sh\nexec dotnet '{typeof(SweepCommand).Assembly.Location}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(t2c, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        for (int i = 0; i < 4; i++) Bash(array, t2c, ("SLURM_ARRAY_TASK_ID", i.ToString()));
        Bash(merge, t2c);

        string whole = fixture.Output("whole");
        SweepJob.Execute(SweepPlan.From(fixture.Scenario(), ["NEU", "T2C_MHE"], [1, 4], 2, [new VariedField("controller.aggregation_period_s", ["10", "20"])]),
            whole, 2, plots: false, plainProgress: TextWriter.Null);
        foreach (var file in new[] { SweepFiles.Runs, SweepFiles.Summary })
            Assert.That(File.ReadAllBytes(Path.Combine(sweep.MergedDir, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(whole, file))), file);
    }

    private static void Bash(string script, string t2c, params (string Name, string Value)[] env)
    {
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["T2C"] = t2c;
        foreach (var (name, value) in env) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        Assert.That(process.WaitForExit(120_000), Is.True, $"{script} did not finish");
        Assert.That(process.ExitCode, Is.Zero, $"{script}: {stderr}{stdout.Result}");
    }
}
