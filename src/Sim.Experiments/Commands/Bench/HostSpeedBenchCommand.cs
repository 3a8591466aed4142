namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;
using System.Globalization;
using T2CSim.Hardware.Profiling;

/// <summary>
/// `t2c bench host-speed [--times N]`: the host-speed probe (HostSpeedProbe) N times in a row, each
/// with its CPU and wall: what `t2c calibrate` records and `t2c validate --suite` compares against
/// (docs/validation.md, "The host's speed").
/// </summary>
public sealed class HostSpeedBenchCommand : IBenchSubcommand
{
    public Command Build()
    {
        var times = new Option<int>("--times") { Description = "Probes in a row.", DefaultValueFactory = _ => 5 };
        var command = new Command("host-speed", "The host-speed probe: CPU of one forward pass of every network of the zoo (lower quartile of 40 rounds, summed).");
        command.Options.Add(times);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(times);
            if (n is < 1 or > 1000) throw new Core.UserInputException(null, "--times", $"{n} is not in [1, 1000]");
            for (int i = 0; i < n; i++)
            {
                var wall = System.Diagnostics.Stopwatch.StartNew();
                double cpu = HostSpeedProbe.MeasureS();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"probe {i + 1}: {cpu * 1000:0.00} ms of CPU ({wall.Elapsed.TotalSeconds:0.00} s of wall)"));
            }
        });
        return command;
    }
}
