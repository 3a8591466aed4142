namespace T2CSim.Experiments.Sweeps;

using Spectre.Console;

/// <summary>
/// Progress of a sweep: a Spectre.Console bar on an interactive terminal, plain lines
/// (`sweep: 12/150 (8%)`) when the output goes to a file or a CI log, where a redrawn bar is noise.
/// </summary>
public static class SweepProgress
{
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs `work`, giving it the callback to call once per finished run (from any thread).</summary>
    public static T Track<T>(string label, int total, Func<Action, T> work, TextWriter? plain = null)
    {
        if (plain is null && Interactive)
        {
            return AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(label, maxValue: total);
                    return work(() => task.Increment(1));
                });
        }
        var writer = plain ?? Console.Out;
        int done = 0;
        var gate = new object();
        return work(() =>
        {
            // Counted and printed under one lock so the lines come out in order.
            lock (gate)
            {
                done++;
                writer.WriteLine($"{label}: {done}/{total} ({done * 100 / total}%)");
            }
        });
    }
}
