namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Core;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Deployment;

/// <summary>
/// `t2c slurm sweep-array --shards N --out DIR [--results ROOT] [sweep options]`: writes
/// sweep-array.sbatch (array task id = shard), merge.sbatch and submit.sh (SlurmSweepArray).
/// </summary>
public sealed class SlurmCommand : ICliCommand
{
    public Command Build()
    {
        var sweep = new ShardedSweepOptions("results/sweep");
        var cpus = new Option<int>("--cpus") { Description = "Cores per array task (its --parallel).", DefaultValueFactory = _ => 1 };
        var time = new Option<string>("--time") { Description = "Time limit per array task (sbatch --time).", DefaultValueFactory = _ => "02:00:00" };
        var concurrent = new Option<int>("--concurrent") { Description = "Array tasks at once (sbatch --array=...%N; 0: no limit).", DefaultValueFactory = _ => 0 };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (default: the cluster's)." };
        var array = new Command("sweep-array", "Write a sharded sweep as a Slurm job array, its merge job and submit.sh.");
        sweep.AddTo(array);
        foreach (var o in new Option[] { cpus, time, concurrent, partition }) array.Options.Add(o);
        array.SetAction(parse =>
        {
            var sharded = sweep.Load(parse);
            if (parse.GetValue(cpus) < 1) throw new UserInputException(null, "--cpus", "at least one core is needed");
            if (parse.GetValue(concurrent) < 0) throw new UserInputException(null, "--concurrent", "cannot be negative");
            string dir = parse.GetValue(sweep.Output)!;
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "sweep-array.sbatch"), SlurmSweepArray.ArrayScript(sharded, parse.GetValue(cpus), parse.GetValue(time)!, parse.GetValue(concurrent), parse.GetValue(partition)));
            File.WriteAllText(Path.Combine(dir, "merge.sbatch"), SlurmSweepArray.MergeScript(sharded, parse.GetValue(partition)));
            string submit = Path.Combine(dir, "submit.sh");
            ScriptFile.Write(submit, SlurmSweepArray.SubmitScript(sharded));
            Console.WriteLine($"wrote {Path.Combine(dir, "sweep-array.sbatch")}, merge.sbatch and submit.sh: an array of {sharded.Shards} shards; results in {sharded.MergedDir}");
        });
        var command = new Command("slurm", "Slurm batch scripts for sharded sweeps.");
        command.Subcommands.Add(array);
        return command;
    }
}
