namespace T2CSim.Tests.Hardware.Security;

using T2CSim.Core;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Agent;
using T2CSim.Hardware.Hil;
using T2CSim.Hardware.Security;
using T2CSim.Hardware.Transport;

/// <summary>The pieces the planes' security is made of, each tried as an attacker would (docs/security.md).</summary>
public class SecurityPrimitiveTests
{
    [Test]
    public void Both_ends_derive_the_same_seal_and_nobody_else_does()
    {
        CurveKeyPair agent = CurveKeyPair.Generate(), controller = CurveKeyPair.Generate(), intruder = CurveKeyPair.Generate();
        var frame = WireCodec.Encode(new StatusMessage("device", 0, 1, 0, [], []), 1);
        var sealedFrame = FrameSeal.Between(agent, controller.PublicKey).Seal(frame);
        Assert.That(sealedFrame.Length, Is.EqualTo(frame.Length + FrameSeal.TagBytes));
        Assert.That(FrameSeal.Between(controller, agent.PublicKey).TryOpen(sealedFrame, out var opened), Is.True);
        Assert.That(opened, Is.EqualTo(frame));
        // The intruder knows both public keys but holds neither secret.
        Assert.That(FrameSeal.Between(intruder, controller.PublicKey).TryOpen(sealedFrame, out _), Is.False);
        Assert.That(FrameSeal.Between(controller, intruder.PublicKey).TryOpen(FrameSeal.Between(intruder, controller.PublicKey).Seal(frame), out _), Is.True,
            "a seal proves the key it was made with, nothing more");
        Assert.That(FrameSeal.Between(controller, agent.PublicKey).TryOpen(FrameSeal.Between(intruder, controller.PublicKey).Seal(frame), out _), Is.False);
        // Any flipped bit, in the frame or the tag, breaks it; so does a cut.
        for (int i = 0; i < sealedFrame.Length; i += 7)
        {
            var tampered = (byte[])sealedFrame.Clone();
            tampered[i] ^= 0x01;
            Assert.That(FrameSeal.Between(controller, agent.PublicKey).TryOpen(tampered, out _), Is.False, $"bit flipped at byte {i}");
        }
        Assert.That(FrameSeal.Between(controller, agent.PublicKey).TryOpen(sealedFrame[..^1], out _), Is.False);
        Assert.That(FrameSeal.Between(controller, agent.PublicKey).TryOpen([], out _), Is.False);
    }

    [Test]
    public void Key_files_round_trip_and_bad_ones_are_named()
    {
        string dir = Path.Combine(Path.GetTempPath(), "t2c-keys-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var pairs = KeyFiles.Generate(dir, ["controller", "device"]);
            var read = KeyFiles.ReadPair(dir, "device");
            Assert.That(read.PublicKey, Is.EqualTo(pairs["device"].PublicKey));
            Assert.That(read.SecretKey, Is.EqualTo(pairs["device"].SecretKey));
            Assert.That(KeyFiles.ReadPublic(dir, "controller"), Is.EqualTo(pairs["controller"].PublicKey));
            if (!OperatingSystem.IsWindows()) Assert.That(File.GetUnixFileMode(KeyFiles.SecretPath(dir, "device")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(Assert.Throws<UserInputException>(() => KeyFiles.ReadPublic(dir, "edge"))!.Message, Does.Contain("not found"));
            File.WriteAllText(KeyFiles.PublicPath(dir, "edge"), "not a key\u001b[2J");
            var e = Assert.Throws<UserInputException>(() => KeyFiles.ReadPublic(dir, "edge"))!;
            Assert.That(e.Message, Does.Contain("expected 40 Z85 characters").And.Not.Contain("\u001b"));
            Directory.CreateDirectory(KeyFiles.PublicPath(dir, "cloud"));
            Assert.That(Assert.Throws<UserInputException>(() => KeyFiles.ReadPublic(dir, "cloud"))!.Message, Does.Contain("is a directory"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void The_job_queue_sheds_past_its_bounds_and_counts_what_it_shed()
    {
        using var queue = new BoundedJobQueue<int>(maxItems: 3, maxBytes: 100);
        Assert.That(queue.TryAdd(1, 10) && queue.TryAdd(2, 10) && queue.TryAdd(3, 10), Is.True);
        Assert.That(queue.TryAdd(4, 10), Is.False, "past the item bound");
        Assert.That((queue.Count, queue.Bytes, queue.Dropped), Is.EqualTo((3, 30L, 1L)));
        queue.Complete();
        Assert.That(queue.Consume().ToArray(), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(queue.Bytes, Is.Zero, "bytes given back as items leave");

        using var bytes = new BoundedJobQueue<int>(maxItems: 100, maxBytes: 100);
        Assert.That(bytes.TryAdd(1, 60), Is.True);
        Assert.That(bytes.TryAdd(2, 60), Is.False, "past the byte bound");
        Assert.That(bytes.TryAdd(3, 40), Is.True, "a refused item leaves its bytes unclaimed");
        Assert.That((bytes.Count, bytes.Bytes, bytes.Dropped), Is.EqualTo((2, 100L, 1L)));
    }

    [Test]
    [Category("Slow")]
    public void A_link_refuses_frames_past_its_queue_and_counts_them()
    {
        // A link to nowhere at 8 kbit/s: nothing leaves during the test, so the queue fills.
        using var link = new LinkShaper("tcp://127.0.0.1:9", 8e3, 0);
        int accepted = 0;
        for (int i = 0; i < LinkShaper.MaxQueuedFrames + 50; i++) if (link.Send(new byte[100], MessageKind.Job)) accepted++;
        // The first frame may already have left the queue for the (blocked) sender thread.
        Assert.That(accepted, Is.InRange(LinkShaper.MaxQueuedFrames, LinkShaper.MaxQueuedFrames + 1));
        Assert.That(link.Dropped, Is.EqualTo(LinkShaper.MaxQueuedFrames + 50 - accepted));
    }

    [Test]
    public void A_second_register_for_a_live_tier_is_refused_and_one_for_a_lost_tier_restores_it()
    {
        using var hub = new ControlHub(log: _ => { });
        var directory = new AgentDirectory(hub, Topology.Thesis(), _ => { });
        byte[] a = [1], b = [2], c = [3], intruder = [9];
        Assert.That(directory.Register(a, new RegisterMessage("device", "tcp://127.0.0.1:1", 1, 8, 100), 0), Is.EqualTo(Registration.Registered));
        directory.Register(b, new RegisterMessage("edge", "tcp://127.0.0.1:2", 1, 8, 200), 0);
        directory.Register(c, new RegisterMessage("cloud", "tcp://127.0.0.1:3", 1, 8, 300), 0);
        Assert.That(directory.AllRegistered, Is.True);
        // The same agent repeating its Register is fine; another connection is not, while the first is alive.
        Assert.That(directory.Register(a, new RegisterMessage("device", "tcp://127.0.0.1:1", 1, 8, 100), 1), Is.EqualTo(Registration.Registered));
        Assert.That(directory.Register(intruder, new RegisterMessage("device", "tcp://127.0.0.1:66", 1, 8, 666), 1), Is.EqualTo(Registration.Refused));
        Assert.That((directory.Agents[0].ProcessId, directory.Agents[0].DataEndpoint), Is.EqualTo((100, "tcp://127.0.0.1:1")));
        Assert.That(directory.Register(intruder, new RegisterMessage("device\u001b", "x", 1, 8, 666), 1), Is.EqualTo(Registration.Refused), "unknown tier");
        // Once lost, a new agent of the tier takes its place.
        directory.Agents[0].Lost = true;
        Assert.That(directory.Register(b.Concat(a).ToArray(), new RegisterMessage("device", "tcp://127.0.0.1:4", 1, 8, 101), 2), Is.EqualTo(Registration.Restored));
        Assert.That((directory.Agents[0].ProcessId, directory.Agents[0].Lost, directory.Agents[0].DataEndpoint), Is.EqualTo((101, false, "tcp://127.0.0.1:4")));
    }

    /// <summary>
    /// An edge of a tree accepts Jobs from each of its child devices (several upstream keys): a frame sealed by
    /// either child opens; one sealed by a peer that is not its child (the cloud, a stranger), or tampered with, does not.
    /// </summary>
    [Test]
    public void An_agent_with_several_upstream_peers_opens_only_their_frames()
    {
        var edge = CurveKeyPair.Generate();
        var camA = CurveKeyPair.Generate();
        var camB = CurveKeyPair.Generate();
        var cloud = CurveKeyPair.Generate();
        var stranger = CurveKeyPair.Generate();
        var keys = new AgentKeys(edge, CurveKeyPair.Generate().PublicKey, [camA.PublicKey, camB.PublicKey], cloud.PublicKey);
        byte[] job = [1, 2, 3, 4, 5];

        Assert.That(keys.TryOpenFromUpstream(FrameSeal.Between(camA, edge.PublicKey).Seal(job), out var fromA), Is.True);
        Assert.That(fromA, Is.EqualTo(job));
        Assert.That(keys.TryOpenFromUpstream(FrameSeal.Between(camB, edge.PublicKey).Seal(job), out var fromB), Is.True);
        Assert.That(fromB, Is.EqualTo(job));
        Assert.That(keys.TryOpenFromUpstream(FrameSeal.Between(cloud, edge.PublicKey).Seal(job), out _), Is.False, "the parent is not upstream");
        Assert.That(keys.TryOpenFromUpstream(FrameSeal.Between(stranger, edge.PublicKey).Seal(job), out _), Is.False, "a stranger");
        var tampered = FrameSeal.Between(camA, edge.PublicKey).Seal(job);
        tampered[^1] ^= 1;
        Assert.That(keys.TryOpenFromUpstream(tampered, out var none), Is.False, "a tampered frame");
        Assert.That(none, Is.Empty);
    }
}
