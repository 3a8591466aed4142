namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using System.Globalization;
using T2CSim.Core.Planning;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Results;
using T2CSim.Hardware.Hil;

/// <summary>
/// `t2c hil --scenario FILE --algorithm NAME --out DIR [--duration S]`: the scenario on the loopback
/// testbed (one agent process per node, real TorchSharp partitions, real time), writing the same
/// files as `t2c run` through the same writer (RunFolder: requests, timeline, summary, timing, per node
/// class, link and device), from what it measured, and hops.csv.
/// </summary>
public sealed class HilCommand : ICliCommand
{
    public Command Build()
    {
        var scenario = new ScenarioOptions();
        var algorithm = new Option<string>("--algorithm") { Description = $"One of {string.Join(", ", AlgorithmCatalog.Names)}.", Required = true };
        var output = new Option<string?>("--out") { Description = "Folder for the results (default results/hil/<scenario>-<algorithm>)." };
        var timeout = new Option<double>("--agent-timeout") { Description = "Seconds of silence after which an agent is lost.", DefaultValueFactory = _ => 3 };
        var noQuota = new Option<bool>("--no-cpu-quota") { Description = "Run the agents unthrottled instead of at their tiers' CPU speeds." };
        var verbose = new Option<bool>("--verbose") { Description = "Echo the agents' logs." };
        var listen = new Option<string?>("--listen") { Description = "HOST:PORT to listen on for agents started elsewhere (results on PORT+1); no agents are started." };
        var testbed = new Option<bool>("--testbed") { Description = "Run the agents in the namespace testbed of `t2c testbed up` instead of on loopback." };
        var keys = new Option<string?>("--keys") { Description = "Folder of `t2c keys generate` (controller.key, TIER.pub); default on loopback: fresh keys for this run; required with --listen." };
        var insecure = new Option<bool>("--insecure") { Description = "No CURVE, no seals (docs/security.md): only to measure their cost." };
        var deadline = new Option<double>("--job-deadline") { Description = "Seconds after which a job without all its results is given up (its requests unserved).", DefaultValueFactory = _ => 10 };
        var command = new Command("hil", "Run a scenario on the loopback testbed: the same controller drives real partitions in agent processes.");
        scenario.AddTo(command);
        foreach (var o in new Option[] { algorithm, output, timeout, noQuota, verbose, testbed, listen, keys, insecure, deadline }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var s = scenario.Load(parse);
            var spec = AlgorithmCatalog.Get(parse.GetValue(algorithm)!);
            var options = Options(parse.GetValue(timeout), !parse.GetValue(noQuota), parse.GetValue(verbose));
            if (parse.GetValue(testbed)) options = options with { Testbed = new T2CSim.Hardware.Testbed.TestbedNetwork() };
            if (!(parse.GetValue(deadline) is > 0 and <= 3600)) throw new Core.UserInputException(null, "--job-deadline", $"{parse.GetValue(deadline)} is not in (0, 3600] seconds");
            options = options with { KeyFolder = parse.GetValue(keys), Insecure = parse.GetValue(insecure), JobDeadlineS = parse.GetValue(deadline) };
            if (parse.GetValue(listen) is { } l)
            {
                int colon = l.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(l[(colon + 1)..], out int port) || port is < 1 or > 65534)
                    throw new Core.UserInputException(null, "--listen", $"'{l}' is not HOST:PORT");
                options = options with { ExternalAgents = (l[..colon], port) };
            }
            var result = HilRunner.Run(s, spec.Name, options);
            string dir = parse.GetValue(output) ?? Path.Combine("results", "hil", $"{s.Name}-{spec.Name}");
            RunFolder.Write(dir, s, result.Log, result.Timeline, result.Summary, result.Timing, result.Nodes);
            HopBreakdown.Write(Path.Combine(dir, "hops.csv"), result.Traces);
            RunCommand.Print(result.Summary, result.Timing);
            if (result.Nodes is { } usage) RunCommand.PrintNodeClasses(usage);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  bytes: control {result.Counters.Total(Hardware.Transport.Plane.Control)}, data {result.Counters.Total(Hardware.Transport.Plane.Data)}, results {result.Counters.Total(Hardware.Transport.Plane.Result)} (at the controller)"));
            Console.WriteLine($"wrote {Path.Combine(dir, "requests.csv")}, timeline.csv, summary.csv, timing.csv, {string.Join(", ", RunFolder.MoreFiles)}, hops.csv");
        });
        return command;
    }

    internal static HilOptions Options(double agentTimeoutS, bool cpuQuotas, bool verbose)
    {
        if (!(agentTimeoutS > 0)) throw new Core.UserInputException(null, "--agent-timeout", "must be positive");
        return new HilOptions
        {
            Agent = AgentCommandLine.ForCurrentProcess(),
            AgentTimeoutS = agentTimeoutS,
            CpuQuotas = cpuQuotas,
            EchoAgentLogs = verbose,
            Log = line => Console.Error.WriteLine(line),
        };
    }
}
