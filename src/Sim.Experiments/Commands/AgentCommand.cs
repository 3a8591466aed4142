namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Core;
using T2CSim.Experiments.Cli;
using T2CSim.Hardware.Agent;

/// <summary>
/// `t2c agent --tier NAME --control ENDPOINT --data-bind ENDPOINT [--cpu-share F]`: one tier's agent
/// of the hardware-in-the-loop testbed (docs/hardware.md). Serves until the controller says Stop,
/// its parent (--parent-pid) exits, or it is interrupted.
/// </summary>
public sealed class AgentCommand : ICliCommand
{
    public Command Build()
    {
        var tier = new Option<string>("--tier") { Description = "Tier name as in the scenario: device, edge or cloud.", Required = true };
        var control = new Option<string>("--control") { Description = "The controller's control endpoint, e.g. tcp://10.0.0.1:5550.", Required = true };
        var dataBind = new Option<string>("--data-bind") { Description = "Where this agent's data socket listens, e.g. tcp://*:5561; a port of * (tcp://127.0.0.1:*) binds a free one and advertises it.", Required = true };
        var advertise = new Option<string?>("--data-advertise") { Description = "Data endpoint others connect to (default: --data-bind with * as 127.0.0.1)." };
        var cpuShare = new Option<double?>("--cpu-share") { Description = "Share of one host CPU emulating the tier (cgroup v1 quota), 0 < F <= 1." };
        var linkMbps = new Option<double>("--link-mbps") { Description = "Shape the outgoing link in user space to this rate (0: unshaped).", DefaultValueFactory = _ => 0 };
        var linkLatency = new Option<double>("--link-latency-ms") { Description = "Propagation delay added to the outgoing link.", DefaultValueFactory = _ => 0 };
        var kernelBurst = new Option<int>("--link-kernel-burst") { Description = "The kernel shapes the outgoing link at --link-mbps with a bucket of this many bytes (namespace testbed); only its lead is paid in user space. 0: shaped in user space.", DefaultValueFactory = _ => 0 };
        var status = new Option<double>("--status-period") { Description = "Seconds between status reports.", DefaultValueFactory = _ => 0.5 };
        var parent = new Option<int?>("--parent-pid") { Description = "Exit when this process is gone." };
        var pin = new Option<int?>("--cpu") { Description = "Run all the agent's threads on this CPU (with --cpu-share: the quota is then not lost to per-CPU slices)." };
        var keys = new Option<string?>("--keys") { Description = "Folder of `t2c keys generate`: TIER.key, controller.pub and the neighbours' .pub (docs/security.md)." };
        var upstream = new Option<string>("--upstream") { Description = "Whose Jobs this agent accepts: the tier before it, or controller (the sensor) for the first tier; on a tree its child nodes, comma-separated.", DefaultValueFactory = _ => "controller" };
        var downstream = new Option<string?>("--downstream") { Description = "The tier this agent forwards to (none for the last tier)." };
        var insecure = new Option<bool>("--insecure") { Description = "No CURVE and no seals: anyone on the network can command this agent. Only to measure their cost." };
        var command = new Command("agent", "Run one tier's agent: load partitions, run jobs, forward tensors, report status.");
        foreach (var o in new Option[] { tier, control, dataBind, advertise, cpuShare, linkMbps, linkLatency, kernelBurst, status, parent, pin, keys, upstream, downstream, insecure }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            if (parse.GetValue(cpuShare) is { } share && share is not (> 0 and <= 1)) throw new UserInputException(null, "--cpu-share", $"{share} is not in (0, 1]");
            if (parse.GetValue(linkMbps) < 0) throw new UserInputException(null, "--link-mbps", "must not be negative");
            if (parse.GetValue(kernelBurst) < 0) throw new UserInputException(null, "--link-kernel-burst", "must not be negative");
            if (parse.GetValue(linkLatency) < 0) throw new UserInputException(null, "--link-latency-ms", "must not be negative");
            if (parse.GetValue(pin) is { } c && (c < 0 || c >= Math.Min(64, Environment.ProcessorCount))) throw new UserInputException(null, "--cpu", $"{c} is not a CPU of this machine (0..{Math.Min(64, Environment.ProcessorCount) - 1})");
            if (!(parse.GetValue(status) > 0)) throw new UserInputException(null, "--status-period", "must be positive");
            foreach (var (name, value) in new[] { ("--control", parse.GetValue(control)!), ("--data-bind", parse.GetValue(dataBind)!) })
                if (!value.StartsWith("tcp://", StringComparison.Ordinal) && !value.StartsWith("ipc://", StringComparison.Ordinal))
                    throw new UserInputException(null, name, $"'{value}' is not a tcp:// or ipc:// endpoint");
            if (parse.GetValue(dataBind)!.EndsWith(":*", StringComparison.Ordinal) && parse.GetValue(advertise) is not null)
                throw new UserInputException(null, "--data-advertise", "a --data-bind port of * advertises the port it binds; give a fixed port to advertise another endpoint");
            var options = new AgentOptions(parse.GetValue(tier)!, parse.GetValue(control)!, parse.GetValue(dataBind)!, parse.GetValue(advertise),
                parse.GetValue(cpuShare), parse.GetValue(linkMbps) * 1e6, parse.GetValue(linkLatency) / 1000, parse.GetValue(status),
                ParentProcessId: parse.GetValue(parent), PinCpu: parse.GetValue(pin), LinkKernelBurstBytes: parse.GetValue(kernelBurst))
            {
                Keys = parse.GetValue(insecure) ? null
                    : parse.GetValue(keys) is { } folder ? Hardware.Security.AgentKeys.FromFolder(folder, parse.GetValue(tier)!, parse.GetValue(upstream)!, parse.GetValue(downstream))
                    : throw new UserInputException(null, "--keys", "an agent needs its keys (`t2c keys generate --out DIR`, then --keys DIR) or --insecure"),
            };
            // Not disposed: ProcessExit may fire after the action returned, and cancelling must stay safe.
            var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
            AppDomain.CurrentDomain.ProcessExit += (_, _) => cancel.Cancel();
            new AgentHost(options).Run(cancel.Token);
        });
        return command;
    }
}
