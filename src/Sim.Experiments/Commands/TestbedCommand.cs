namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using T2CSim.Core;
using T2CSim.Experiments.Cli;
using T2CSim.Hardware.Testbed;

/// <summary>
/// `t2c testbed up [--scenario FILE]` / `t2c testbed down` (root): the emulated three-tier testbed
/// in network namespaces (docs/hardware.md). `down` removes everything by name, also after a crash.
/// </summary>
public sealed class TestbedCommand : ICliCommand
{
    public Command Build()
    {
        var scenario = new ScenarioOptions();
        var up = new Command("up", "Create one network namespace per tier, veth links shaped with tc tbf at the scenario's capacities.");
        scenario.AddTo(up);
        up.SetAction(parse =>
        {
            var topology = scenario.Load(parse).Topology;
            if (TestbedNetwork.Unavailable() is { } why) throw new UserInputException(null, "testbed", why);
            try { new TestbedNetwork().Up(topology, Console.WriteLine); }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException) { throw new UserInputException(null, "testbed up", e.Message); }
            Console.WriteLine("run a scenario on it with: t2c hil --testbed --scenario FILE --algorithm NAME; remove it with: t2c testbed down");
        });
        var down = new Command("down", "Remove the testbed's namespaces, links, processes and CPU groups (idempotent).");
        down.SetAction(_ =>
        {
            new TestbedNetwork().Down(Console.WriteLine);
            Console.WriteLine("testbed down");
        });
        var command = new Command("testbed", "The emulated three-tier testbed in network namespaces (root).");
        command.Subcommands.Add(up);
        command.Subcommands.Add(down);
        return command;
    }
}
