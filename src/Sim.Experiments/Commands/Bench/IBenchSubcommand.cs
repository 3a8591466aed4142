namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;

/// <summary>
/// One `t2c bench ...` subcommand. BenchCommand finds every implementation by reflection, so a new
/// benchmark is a new class; it deliberately is not an ICliCommand, which would put it at the root.
/// </summary>
public interface IBenchSubcommand
{
    Command Build();
}
