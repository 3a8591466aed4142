namespace T2CSim.Tests.Experiments.Commands;

using T2CSim.Experiments.Commands;
using T2CSim.Hardware.Security;

/// <summary>`t2c keys generate` writes loadable pairs and never overwrites keys silently; `t2c agent` will not run without keys.</summary>
[NonParallelizable]
public sealed class KeysCommandTests
{
    [Test]
    public void Generated_keys_load_for_the_controller_and_every_agent_and_are_not_overwritten()
    {
        string dir = Path.Combine(Path.GetTempPath(), "t2c-keys-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.That(new KeysCommand().Build().Parse(["generate", "--out", dir]).Invoke(), Is.Zero);
            var controller = ControllerKeys.FromFolder(dir, ["device", "edge", "cloud"]);
            var edge = AgentKeys.FromFolder(dir, "edge", "device", "cloud");
            // Both ends of the edge's control link derive the same seal.
            var frame = new byte[] { 1, 2, 3 };
            Assert.That(controller.SealOf("edge")!.TryOpen(edge.Controller.Seal.Seal(frame), out _), Is.True);
            Assert.That(controller.SealOf("device")!.TryOpen(edge.Controller.Seal.Seal(frame), out _), Is.False);
            var before = File.ReadAllText(KeyFiles.SecretPath(dir, "edge"));
            Assert.That(CliError.Of(new KeysCommand().Build(), "generate", "--out", dir), Does.Contain("exists already"), "existing keys are kept");
            Assert.That(File.ReadAllText(KeyFiles.SecretPath(dir, "edge")), Is.EqualTo(before));
            Assert.That(CliError.Of(new KeysCommand().Build(), "generate", "--out", dir, "--tiers", "a/b"), Does.Contain("--tiers").And.Contain("not a tier name"), "a tier name that is a path");
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Test]
    public void An_agent_without_keys_refuses_to_start()
    {
        Assert.That(CliError.Of(new AgentCommand().Build(), "--tier", "device", "--control", "tcp://127.0.0.1:9", "--data-bind", "tcp://127.0.0.1:0"),
            Does.Contain("--keys"));
    }
}
