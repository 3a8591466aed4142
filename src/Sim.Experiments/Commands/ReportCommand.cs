namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Core;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Reporting;

/// <summary>
/// `t2c report DIR [DIR...] [--phase planning|heavy|operation]`: the thesis's headline results beside
/// ours, computed from each sweep's summary.csv and timing.csv, as a Markdown table (the one in
/// docs/reproduction.md). The phase is taken from the scenario's name unless given. A graph sweep's
/// node classes follow in a second table (NodeClassReport).
/// </summary>
public sealed class ReportCommand : ICliCommand
{
    public Command Build()
    {
        var dirs = new Argument<string[]>("dir") { Description = "Sweep results folders (results/thesis-planning, ...).", Arity = ArgumentArity.OneOrMore };
        var phase = new Option<string?>("--phase") { Description = "planning, heavy or operation (default: from the scenario name in runs.csv)." };
        var command = new Command("report", "Compare a sweep's results with the thesis's headline figures.");
        command.Arguments.Add(dirs);
        command.Options.Add(phase);
        command.SetAction(parse =>
        {
            var phases = ThesisClaims.All.Select(c => c.Phase).Distinct().ToList();
            if (parse.GetValue(phase) is { } p && !phases.Contains(p))
                throw new UserInputException(null, "--phase", $"'{p}' is not one of {string.Join(", ", phases)}");
            Console.WriteLine("| phase | claim | thesis | ours | figure | results |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var dir in parse.GetValue(dirs)!)
            {
                var results = SweepResults.Load(dir);
                string? which = parse.GetValue(phase) ?? ThesisClaims.PhaseOf(results.Scenario);
                foreach (var claim in ThesisClaims.All.Where(c => which is null || c.Phase == which))
                {
                    if (claim.Compute(results) is not { } ours) continue;
                    Console.WriteLine($"| {claim.Phase} | {claim.Statement} | {claim.Thesis} | {ours} | {claim.Figure} | {dir} |");
                }
            }
            // Graph sweeps: their node classes after the claims (nothing for a chain's).
            foreach (var dir in parse.GetValue(dirs)!)
                if (NodeClassReport.Lines(dir) is { Count: > 0 } lines)
                {
                    Console.WriteLine();
                    foreach (var line in lines) Console.WriteLine(line);
                }
        });
        return command;
    }
}
