namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Experiments.Cli;

/// <summary>`t2c version`: prints the program version and runtime, for bug reports and result provenance.</summary>
public sealed class VersionCommand : ICliCommand
{
    public Command Build()
    {
        var command = new Command("version", "Print the T2CSim version and the .NET runtime.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetName().Version;
            Console.WriteLine($"t2c {version} on .NET {Environment.Version}");
        });
        return command;
    }
}
