namespace T2CSim.Experiments.Cli;

using System.CommandLine;

/// <summary>
/// One `t2c` subcommand. Program finds every implementation by reflection, so adding a command is
/// adding a file. Commands throw UserInputException for bad input; Program prints it on one line.
/// </summary>
public interface ICliCommand
{
    Command Build();
}
