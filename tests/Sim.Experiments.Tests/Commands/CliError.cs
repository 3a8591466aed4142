namespace T2CSim.Tests.Experiments.Commands;

using System.CommandLine;
using T2CSim.Core;

/// <summary>
/// Invokes one t2c command the way Program.cs does (no System.CommandLine default handler, which would
/// print a stack trace) and returns the UserInputException's message: what t2c prints as its one-line
/// error. Fails the test when the command does not refuse the input that way.
/// </summary>
internal static class CliError
{
    public static string Of(Command command, params string[] args)
    {
        var parse = command.Parse(args);
        var error = Assert.Throws<UserInputException>(() => parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
        return error!.Message;
    }
}
