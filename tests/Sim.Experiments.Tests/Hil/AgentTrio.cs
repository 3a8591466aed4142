namespace T2CSim.Tests.Experiments.Hil;

using System.Collections.Concurrent;
using System.Diagnostics;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Hil;
using T2CSim.Hardware.Transport;

/// <summary>
/// Three real agent processes (device, edge, cloud) on loopback, registered with a ControlHub the
/// test drives by hand: deploy, send a frame, collect results. Unthrottled and unshaped, to be quick.
/// Secure as `t2c hil` is by default: fresh CURVE keys (KeyFolder), sealed frames; `insecure` for none.
/// </summary>
public sealed class AgentTrio : IDisposable
{
    private readonly List<AgentProcess> _processes = [];
    private readonly LinkShaper _sensor;

    public ControlHub Hub { get; }
    public AgentDirectory Directory { get; }
    public BlockingCollection<AckMessage> Acks { get; } = new();
    public BlockingCollection<ResultMessage> Results { get; } = new();
    public ConcurrentDictionary<string, StatusMessage> Statuses { get; } = new();
    public RunKeys Keys { get; }
    public string[] Tiers { get; } = ["device", "edge", "cloud"];

    public static AgentCommandLine AgentCommand => AgentCommandLine.ForAssembly(Path.Combine(AppContext.BaseDirectory, "t2c.dll"));

    public AgentTrio(bool insecure = false)
    {
        Keys = RunKeys.For(new HilOptions { Agent = AgentCommand, Insecure = insecure, Log = TestContext.Progress.WriteLine }, Tiers, TestContext.Progress.WriteLine);
        Hub = new ControlHub(log: TestContext.Progress.WriteLine, keys: Keys.Controller);
        Directory = new AgentDirectory(Hub, Topology.Thesis(), TestContext.Progress.WriteLine);
        Hub.Control += (identity, _, m) =>
        {
            switch (m)
            {
                case RegisterMessage r: Directory.Register(identity, r, 0); break;
                case AckMessage a: Acks.Add(a); break;
                case StatusMessage s: Statuses[s.Tier] = s; break;
            }
        };
        Hub.Result += (_, m) => { if (m is ResultMessage r) Results.Add(r); };
        try
        {
            for (int k = 0; k < Tiers.Length; k++) _processes.Add(StartAgent(k));
            var clock = Stopwatch.StartNew();
            while (!Directory.AllRegistered)
            {
                if (_processes.FirstOrDefault(p => p.HasExited) is { } dead) throw new InvalidOperationException($"agent {dead.Tier} exited: {dead.Tail()}");
                if (clock.Elapsed.TotalSeconds > 90) throw new TimeoutException("agents did not register");
                Thread.Sleep(50);
            }
            Thread.Sleep(300);
            _sensor = new LinkShaper(Directory.Agents[0].DataEndpoint, 0, 0, peer: Hub.LinkToAgent(0));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string DataEndpoint(int tier) => Directory.Agents[tier].DataEndpoint;

    /// <summary>
    /// An attacker's socket: a CURVE client that knows the listener's public key (public keys are no
    /// secret) but holds a key pair of its own, so its handshake succeeds and its frames arrive.
    /// </summary>
    public T Foreign<T>(T socket, string endpoint, string owner) where T : NetMQ.NetMQSocket
    {
        socket.Options.Linger = TimeSpan.FromSeconds(2);
        if (Keys.Folder is { } folder)
            new T2CSim.Hardware.Security.PeerLink(T2CSim.Hardware.Security.CurveKeyPair.Generate(),
                T2CSim.Hardware.Security.KeyFiles.ReadPublic(folder, owner)).ConfigureClient(socket);
        socket.Connect(endpoint);
        return socket;
    }

    public int ProcessId(string tier) => _processes.Last(p => p.Tier == tier).Id;

    private AgentProcess StartAgent(int k) => new(Tiers[k], AgentCommand,
        ["--tier", Tiers[k], "--control", Hub.ControlEndpoint, "--data-bind", "tcp://127.0.0.1:*",
         "--parent-pid", Environment.ProcessId.ToString(), "--status-period", "0.2", .. Keys.AgentArguments(k)], TestContext.Progress.WriteLine);

    /// <summary>Kills tier k's agent (kill -9), marks it lost as the controller's liveness watch would, and starts a new one (new data port).</summary>
    public void Restart(int k)
    {
        var old = _processes.Last(p => p.Tier == Tiers[k]);
        old.Kill();
        Directory.Agents[k].Lost = true;
        int before = Directory.Agents[k].ProcessId;
        _processes.Add(StartAgent(k));
        var clock = Stopwatch.StartNew();
        while (Directory.Agents[k].ProcessId == before || Directory.Agents[k].Lost)
        {
            if (clock.Elapsed.TotalSeconds > 90) throw new TimeoutException($"the new {Tiers[k]} agent did not register");
            Thread.Sleep(50);
        }
        Thread.Sleep(500); // the Welcomes (to it and to the tier before it) are on their way
    }

    /// <summary>Loads the partition on every tier and waits for the three acknowledgements.</summary>
    public void Deploy(int deployment, string model, int[] cuts, TaskExit[] tasks)
    {
        for (int tier = 0; tier < 3; tier++)
            Hub.Send(Directory.Agents[tier].Identity, new PartitionCommand(MessageKind.Deploy, deployment, model, tier, cuts, tasks));
        for (int i = 0; i < 3; i++)
        {
            Assert.That(Acks.TryTake(out var ack, TimeSpan.FromSeconds(30)), Is.True, "an agent did not acknowledge Deploy");
            Assert.That(ack!.Ok, Is.True, ack.Error);
        }
    }

    /// <summary>Sends the frame into the device agent; returns each slot's scores.</summary>
    public Dictionary<int, float[]> Infer(ulong job, int deployment, string model, int[] cuts, TaskExit[] tasks, byte[] frame)
    {
        var message = new JobMessage(job, deployment, model, cuts, tasks, 0, [("", T2CSim.Hardware.Agent.TensorConversion.Frame(frame))]);
        _sensor.Send(WireCodec.Encode(message, job), MessageKind.Job);
        var scores = new Dictionary<int, float[]>();
        while (scores.Count < tasks.Length)
        {
            Assert.That(Results.TryTake(out var r, TimeSpan.FromSeconds(30)), Is.True, $"job {job}: {scores.Count} of {tasks.Length} results");
            if (r!.JobId == job) scores[r.Slot] = r.Scores.ToFloats();
        }
        return scores;
    }

    public void Dispose()
    {
        if (Directory is not null)
            foreach (var a in Directory.Agents.Where(a => a.Registered)) Hub.Send(a.Identity, new StopMessage());
        _sensor?.Dispose();
        foreach (var p in _processes) p.Dispose();
        Hub?.Dispose();
        Keys?.Dispose();
    }
}
