namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Profiling;
using T2CSim.Hardware.Profiling;

/// <summary>
/// `t2c profile`: measures the lookup tables of the multi-task networks (docs/lookup-tables.md),
/// each testbed tier emulated by its instruction set and clock/per-clock slowdown (docs/models.md). Writes DIR/&lt;model&gt;.csv.
/// </summary>
public sealed class ProfileCommand : ICliCommand
{
    public Command Build()
    {
        var model = new Option<string>("--model") { Description = "Model name (asg-base, sg-lite, ag-deep, se-wide, asge-base) or all.", Required = true };
        var tier = new Option<string>("--tier") { Description = "device, edge, cloud or all.", DefaultValueFactory = _ => "all" };
        var runs = new Option<int>("--runs") { Description = "Timed runs per layer and exit head (the mean is kept).", DefaultValueFactory = _ => 100 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed warm-up runs before timing.", DefaultValueFactory = _ => 10 };
        var output = new Option<string>("--out") { Description = "Folder for <model>.csv.", Required = true };
        var hostClock = new Option<double>("--host-clock")
        {
            Description = "This machine's clock in GHz under load (tier slowdowns are clock ratios x per-clock ratios); 0 = measure it.",
            DefaultValueFactory = _ => 0,
        };
        var scaling = new Option<string>("--scaling")
        {
            Description = "How tier latencies follow from the host's at the tier's ISA: nominal (clock ratio x per-clock ratio) or measured (the slowdown of whole rounds under a CPU quota of 1/nominal; faithful only on a quiet machine).",
            DefaultValueFactory = _ => "nominal",
        };
        // Internal: the re-executed child that runs one tier inside its cgroup.
        var inCgroup = new Option<string?>("--in-cgroup") { Hidden = true };
        var isa = new Option<string?>("--isa") { Hidden = true };

        var command = new Command("profile", "Measure per-layer and per-exit latencies of the multi-task networks on emulated device, edge and cloud CPUs.");
        foreach (var option in new Option[] { model, tier, runs, warmup, output, hostClock, scaling, inCgroup, isa }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var settings = ProfileSettings.Parse(
                parse.GetValue(model)!, parse.GetValue(tier)!, parse.GetValue(runs), parse.GetValue(warmup),
                parse.GetValue(output)!, parse.GetValue(hostClock), parse.GetValue(scaling)!, parse.GetValue(isa));
            var cgroup = parse.GetValue(inCgroup);
            if (cgroup is not null) ProfileRunner.RunInCgroup(settings, cgroup);
            else ProfileRunner.Run(settings, Console.Out);
        });
        return command;
    }
}
