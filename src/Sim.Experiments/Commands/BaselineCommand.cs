namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Regression;

/// <summary>
/// `t2c baseline [--check]`: rewrites the CI regression baseline (results/baseline/runs.csv, from
/// scenarios/ci-regression.yaml) on purpose, after a change that is meant to move the results; with
/// --check, reruns it and prints the metrics that moved instead (exit 1 when any did).
/// </summary>
public sealed class BaselineCommand : ICliCommand
{
    public Command Build()
    {
        var check = new Option<bool>("--check") { Description = "Compare a fresh run with the committed baseline instead of rewriting it." };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (default: the processor count).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("baseline", "Rewrite (or --check) the CI throughput-regression baseline results/baseline/runs.csv.");
        command.Options.Add(check);
        command.Options.Add(parallel);
        command.SetAction(parse =>
        {
            int workers = Math.Max(1, parse.GetValue(parallel));
            if (!parse.GetValue(check))
            {
                RegressionBaseline.Write(workers);
                Console.WriteLine($"wrote {RegressionBaseline.RunsPath}: review the diff (git diff results/baseline) and commit it with the change that moved it");
                return 0;
            }
            var changes = RunsComparison.Compare(RegressionBaseline.Committed(), RegressionBaseline.RunNow(workers));
            Console.WriteLine(RunsComparison.Describe(changes));
            return changes.Count == 0 ? 0 : 1;
        });
        return command;
    }
}
