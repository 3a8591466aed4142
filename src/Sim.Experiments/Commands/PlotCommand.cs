namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Core;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Plots;

/// <summary>
/// `t2c plot DIR [--x FIELD [--at FIELD=VALUE ...] [--metrics M,..] [--relative-to ALG [--difference]]]`:
/// redraws a sweep's figures (PNG and SVG in DIR/plots) from its CSV files, or draws metrics against
/// one dimension of its grid (a varied field or the multiplier) with GridCharts.
/// </summary>
public sealed class PlotCommand : ICliCommand
{
    public Command Build()
    {
        var dir = new Argument<string>("dir") { Description = "A sweep's results folder (holding runs.csv, timing.csv, ...)." };
        var x = new Option<string?>("--x") { Description = "Draw against this dimension: a varied field (as in --vary) or multiplier; lines per algorithm, 95% CI bars." };
        var at = new Option<string[]>("--at") { Description = "With --x: fix another dimension, e.g. --at multiplier=80 (repeatable); unfixed ones give a figure per value.", AllowMultipleArgumentsPerToken = false };
        var metrics = new Option<string?>("--metrics") { Description = $"With --x: comma-separated charts (default {string.Join(",", SweepPlotter.GridDefaults)}; any of {string.Join(", ", MetricChart.All.Where(c => c.Source == ChartSource.Runs).Select(c => c.File))})." };
        var relativeTo = new Option<string?>("--relative-to") { Description = "With --x: plot each algorithm's metric over this algorithm's in the same run setting and repeat (paired by seed)." };
        var difference = new Option<bool>("--difference") { Description = "With --relative-to: the difference instead of the ratio." };
        var command = new Command("plot", "Draw a sweep's figures from its CSV files.");
        command.Arguments.Add(dir);
        foreach (var o in new Option[] { x, at, metrics, relativeTo, difference }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string folder = parse.GetValue(dir)!;
            List<string> files;
            if (parse.GetValue(x) is { } field)
            {
                var fixedAt = new Dictionary<string, string>();
                foreach (var text in parse.GetValue(at) ?? [])
                {
                    int eq = text.IndexOf('=');
                    if (eq <= 0) throw new UserInputException(null, $"--at {text}", "expected FIELD=VALUE");
                    fixedAt[text[..eq].Trim()] = text[(eq + 1)..].Trim();
                }
                var names = SweepCommand.SplitList(parse.GetValue(metrics)) ?? [.. SweepPlotter.GridDefaults];
                var charts = names.Select(n => MetricChart.All.FirstOrDefault(c => c.File == n && c.Source == ChartSource.Runs)
                    ?? throw new UserInputException(null, "--metrics", $"unknown chart '{n}'")).ToList();
                var relative = parse.GetValue(relativeTo) is { } reference ? new Comparison(reference, parse.GetValue(difference)) : null;
                files = SweepPlotter.PlotAgainst(folder, field, charts, fixedAt, relative);
            }
            else files = SweepPlotter.Plot(folder);
            Console.WriteLine($"wrote {files.Count} plot files in {Path.Combine(folder, SweepPlotter.Folder)}");
        });
        return command;
    }
}
