using System.CommandLine;
using System.Reflection;
using T2CSim.Core;
using T2CSim.Experiments.Cli;

// t2c: the T2CSim command line. Every subcommand lives in its own ICliCommand class.
var root = new RootCommand("T2CSim: simulate and run multi-task early-exit DNN deployments across device, edge and cloud (the T2C thesis).");
var commands = typeof(ICliCommand).Assembly.GetTypes()
    .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => ((ICliCommand)Activator.CreateInstance(t)!).Build())
    .OrderBy(c => c.Name, StringComparer.Ordinal);
foreach (var command in commands) root.Subcommands.Add(command);

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (UserError(e) is { } message)
{
    Console.Error.WriteLine($"t2c: error: {message}");
    return 2;
}

static string? UserError(Exception e) => e switch
{
    UserInputException u => u.Message,
    TargetInvocationException { InnerException: { } inner } => UserError(inner),
    AggregateException { InnerExceptions.Count: 1 } a => UserError(a.InnerExceptions[0]),
    FileNotFoundException f => $"{f.FileName ?? "file"}: not found",
    DirectoryNotFoundException d => d.Message,
    _ => null,
};
