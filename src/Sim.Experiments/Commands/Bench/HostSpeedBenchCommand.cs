namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;
using System.Globalization;
using T2CSim.Hardware.Profiling;

/// <summary>
/// `t2c bench host-speed [--times N] [--share S --period-ms P]`: the host-speed probe (HostSpeedProbe)
/// N times in a row, each with its CPU and wall: what `t2c calibrate` records and `t2c validate --suite`
/// compares against (docs/validation.md, "The host's speed"); with a share and a period, under that
/// CPU quota as a tier's probe is (MeasureUnderQuotaS, 10 rounds; root).
/// </summary>
public sealed class HostSpeedBenchCommand : IBenchSubcommand
{
    public Command Build()
    {
        var times = new Option<int>("--times") { Description = "Probes in a row.", DefaultValueFactory = _ => 5 };
        var command = new Command("host-speed", "The host-speed probe: CPU of one forward pass of every network of the zoo (lower quartile of 40 rounds, summed).");
        var share = new Option<double>("--share") { Description = "Probe under a CPU quota of this share of one CPU (with --period-ms), as a tier's probe; 1 = unthrottled.", DefaultValueFactory = _ => 1 };
        var period = new Option<double>("--period-ms") { Description = "The quota's period, milliseconds (with --share).", DefaultValueFactory = _ => 0 };
        command.Options.Add(times);
        command.Options.Add(share);
        command.Options.Add(period);
        command.SetAction(parse =>
        {
            int n = parse.GetValue(times);
            if (n is < 1 or > 1000) throw new Core.UserInputException(null, "--times", $"{n} is not in [1, 1000]");
            double s = parse.GetValue(share), periodMs = parse.GetValue(period);
            if (s is not (> 0 and <= 1)) throw new Core.UserInputException(null, "--share", $"{s} is not in (0, 1]");
            if (periodMs is not (>= 0 and <= 1000)) throw new Core.UserInputException(null, "--period-ms", $"{periodMs} is not in [0, 1000]");
            bool quota = s < 1 && periodMs > 0;
            if (quota && !CpuQuotaCgroup.Available()) throw new Core.UserInputException(null, "--share", "a quota needs a writable cgroup v1 cpu controller (root)");
            for (int i = 0; i < n; i++)
            {
                var wall = System.Diagnostics.Stopwatch.StartNew();
                double cpu = quota ? HostSpeedProbe.MeasureUnderQuotaS((int)Math.Round(periodMs * 1000), Math.Max(1000, (int)Math.Round(s * periodMs * 1000))) : HostSpeedProbe.MeasureS();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"probe {i + 1}: {cpu * 1000:0.00} ms of CPU ({wall.Elapsed.TotalSeconds:0.00} s of wall)"));
            }
        });
        return command;
    }
}
