namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Plots;

/// <summary>`t2c plot DIR`: redraws a sweep's figures (PNG and SVG in DIR/plots) from its CSV files.</summary>
public sealed class PlotCommand : ICliCommand
{
    public Command Build()
    {
        var dir = new Argument<string>("dir") { Description = "A sweep's results folder (holding runs.csv, timing.csv, ...)." };
        var command = new Command("plot", "Draw a sweep's figures from its CSV files.");
        command.Arguments.Add(dir);
        command.SetAction(parse =>
        {
            var files = SweepPlotter.Plot(parse.GetValue(dir)!);
            Console.WriteLine($"wrote {files.Count} plot files in {Path.Combine(parse.GetValue(dir)!, SweepPlotter.Folder)}");
        });
        return command;
    }
}
