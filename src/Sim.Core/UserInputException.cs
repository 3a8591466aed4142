namespace T2CSim.Core;

/// <summary>
/// Bad input from a user (a scenario, a trace, a table, a command-line value, a network message):
/// reported as one line naming the file and the field, never as a stack trace.
/// </summary>
public sealed class UserInputException : Exception
{
    public string? File { get; }
    public string? Field { get; }
    public string Problem { get; }

    public UserInputException(string? file, string? field, string problem, Exception? inner = null)
        : base(Format(Printable.Escape(file, 400), Printable.Escape(field, 200), Printable.Escape(problem, 600)), inner)
    {
        File = file;
        Field = field;
        Problem = problem;
    }

    private static string Format(string? file, string? field, string problem)
    {
        var where = string.Join(": ", new[] { file, field }.Where(s => !string.IsNullOrEmpty(s)));
        return where.Length == 0 ? problem : $"{where}: {problem}";
    }
}
