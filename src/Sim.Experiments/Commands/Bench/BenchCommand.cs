namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;
using T2CSim.Experiments.Cli;

/// <summary>`t2c bench`: the parent of the performance benchmarks (IBenchSubcommand classes).</summary>
public sealed class BenchCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("bench", "Measure the simulator's performance.");
        var subcommands = typeof(IBenchSubcommand).Assembly.GetTypes()
            .Where(t => typeof(IBenchSubcommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => ((IBenchSubcommand)Activator.CreateInstance(t)!).Build())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var subcommand in subcommands) command.Subcommands.Add(subcommand);
        return command;
    }
}
