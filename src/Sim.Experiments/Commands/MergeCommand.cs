namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Plots;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;

/// <summary>`t2c merge DIR... --out DIR [--no-plots]`: the shards of `t2c sweep --shard i/N` joined into one sweep's files (SweepMerge).</summary>
public sealed class MergeCommand : ICliCommand
{
    public Command Build()
    {
        var dirs = new Argument<string[]>("dirs") { Description = "The shards' folders (every i of 0..N-1 once, any order).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder for the merged sweep.", Required = true };
        var noPlots = new Option<bool>("--no-plots") { Description = "Write the CSV files only." };
        var command = new Command("merge", "Join the shards of a sweep into the files the unsharded sweep writes (runs.csv and summary.csv byte-identical).");
        command.Arguments.Add(dirs);
        command.Options.Add(output);
        command.Options.Add(noPlots);
        command.SetAction(parse =>
        {
            string dir = parse.GetValue(output)!;
            var shards = parse.GetValue(dirs)!;
            SweepMerge.Merge(shards, dir);
            var plots = parse.GetValue(noPlots) ? [] : SweepPlotter.Plot(dir);
            Console.WriteLine($"merged {shards.Length} shards into {Path.Combine(dir, SweepFiles.Runs)}, {SweepFiles.Summary}, {SweepFiles.Timing}, {SweepFiles.Timelines}, {SweepFiles.Events}, {SweepFiles.NodeClasses}, {SweepFiles.ScenarioCopy}"
                + (plots.Count > 0 ? $" and {plots.Count} plot files" : ""));
        });
        return command;
    }
}
