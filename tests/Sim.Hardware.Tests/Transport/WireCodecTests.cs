namespace T2CSim.Tests.Hardware.Transport;

using T2CSim.Core.Controller;
using T2CSim.Hardware.Transport;

/// <summary>The wire format round-trips every message and rejects every malformed frame with a reason.</summary>
public class WireCodecTests
{
    private static readonly WireTensor Frame = new(WireDType.UInt8, [1, 1, 48, 48], new byte[2304]);

    internal static IEnumerable<IWireMessage> Samples()
    {
        yield return new RegisterMessage("device", "tcp://127.0.0.1:40001", 4, 3, 1234);
        yield return new WelcomeMessage(1, "tcp://127.0.0.1:40002", "tcp://127.0.0.1:40003");
        yield return new StatusMessage("device", 2, 10, 1, [new PartitionStatus(3, 5, 0.012)], [new LinkStatus(1000, 2e6)]);
        yield return new PartitionCommand(MessageKind.Deploy, 7, "asge-base1", 0, [2, 4], [new TaskExit("gender", 1), new TaskExit("smiles", 3)]);
        yield return new PartitionCommand(MessageKind.Reconfigure, 7, "asge-base1", 2, [1, 1], [new TaskExit("gender", 0)]);
        yield return new ShutdownMessage(7);
        yield return new AckMessage(99, MessageKind.Deploy, 7, true, "");
        yield return new JobMessage(5, 7, "sg-lite", [0, 2], [new TaskExit("smile", 2)], 0, [("", Frame)]);
        yield return new ResultMessage(5, 7, 0, 2, WireTensor.FromFloats([0.25f, -1f], [1, 2]));
        yield return new StageReportMessage(5, 7, 1, 0.02, 0.01);
        yield return new StageReportMessage(5, 7, 1, 0.02, 0.01, true, default, CpuS: 0.0042);
        yield return new StopMessage();
        yield return new LinkSetMessage(24e6, 1e6);
    }

    [Test]
    public void Every_kind_round_trips()
    {
        foreach (var message in Samples())
        {
            var frame = WireCodec.Encode(message, 42);
            var (envelope, decoded) = WireCodec.Decode(frame);
            Assert.That(envelope.Kind, Is.EqualTo(message.Kind));
            Assert.That(envelope.Sequence, Is.EqualTo(42UL));
            Assert.That(envelope.PayloadBytes, Is.EqualTo(frame.Length - WireFormat.EnvelopeBytes));
            // Records with arrays compare by reference: compare the re-encoding instead.
            Assert.That(WireCodec.Encode(decoded, 42), Is.EqualTo(frame), message.Kind.ToString());
        }
    }

    [Test]
    public void Control_messages_have_the_sizes_the_simulator_assumes()
    {
        int Size(IWireMessage m) => WireCodec.Encode(m, 1).Length;
        Assert.That(Size(new RegisterMessage("device", "tcp://127.0.0.1:40001", 4, 3, 1)), Is.EqualTo(ControlMessageSizes.Registration));
        Assert.That(Size(new WelcomeMessage(0, "tcp://127.0.0.1:40002", "tcp://127.0.0.1:40003")), Is.EqualTo(ControlMessageSizes.Welcome));
        Assert.That(Size(new StatusMessage("device", 0, 0, 0, [new(1, 1, 0.1), new(2, 1, 0.1)], [new(1, 1)])), Is.EqualTo(ControlMessageSizes.StatusReport(2, 1)));
        var tasks = new[] { new TaskExit("gender", 1), new TaskExit("smile1", 2), new TaskExit("age123", 0) };
        Assert.That(Size(new PartitionCommand(MessageKind.Deploy, 1, "asg-base01", 0, [1, 3], tasks)), Is.EqualTo(ControlMessageSizes.Deploy(3)));
        Assert.That(Size(new PartitionCommand(MessageKind.Reconfigure, 1, "asg-base01", 0, [1, 3], tasks[..1])), Is.EqualTo(ControlMessageSizes.Reconfigure(1)));
        Assert.That(Size(new ShutdownMessage(1)), Is.EqualTo(ControlMessageSizes.Shutdown));
        Assert.That(Size(new AckMessage(1, MessageKind.Deploy, 1, true, "")), Is.EqualTo(ControlMessageSizes.Ack));
    }

    [Test]
    public void Every_truncation_is_rejected()
    {
        foreach (var message in Samples())
        {
            var frame = WireCodec.Encode(message, 1);
            for (int n = 0; n < frame.Length; n++)
                Assert.Throws<WireFormatException>(() => WireCodec.Decode(frame[..n]), $"{message.Kind} cut to {n} bytes");
        }
    }

    private static string Reason(byte[] frame, WireLimits? limits = null) =>
        Assert.Throws<WireFormatException>(() => WireCodec.Decode(frame, limits))!.Reason;

    private static byte[] Valid() => WireCodec.Encode(new ShutdownMessage(3), 1);

    [Test]
    public void Timestamps_survive_the_round_trip()
    {
        var job = new JobMessage(5, 7, "sg-lite", [0, 2], [new TaskExit("smile", 2)], 0, [("", Frame)], ReadyNs: 1_700_000_000_000_000_001, SentNs: 1_700_000_000_000_000_002);
        var back = (JobMessage)WireCodec.Decode(WireCodec.Encode(job, 1)).Message;
        Assert.That((back.ReadyNs, back.SentNs), Is.EqualTo((job.ReadyNs, job.SentNs)));

        var times = new HopTimes(1, 2, 3, 4, 5, 6, 2400);
        var report = (StageReportMessage)WireCodec.Decode(WireCodec.Encode(new StageReportMessage(5, 7, 1, 0.02, 0.01, false, times), 2)).Message;
        Assert.That((report.Computed, report.Times), Is.EqualTo((false, times)));
        Assert.That(times.DoneNs, Is.EqualTo(5));
        Assert.That((times with { StartNs = 0, EndNs = 0 }).DoneNs, Is.EqualTo(3), "a tier passing tensors through is done when they arrive");

        var result = (ResultMessage)WireCodec.Decode(WireCodec.Encode(new ResultMessage(5, 7, 0, 2, WireTensor.FromFloats([1f], [1, 1]), 99), 3)).Message;
        Assert.That(result.SentNs, Is.EqualTo(99));
        Assert.That(WireClock.Seconds(0, 5), Is.NaN);
        Assert.That(WireClock.Seconds(1_000_000_000, 3_500_000_000), Is.EqualTo(2.5));
        // The wall clock, in ns since the epoch: a generous physical bound (after 2020, before 2100).
        Assert.That(WireClock.NowNs(), Is.InRange(1_577_836_800_000_000_000L, 4_102_444_800_000_000_000L));
    }

    [TestCase(-0.001)]
    [TestCase(1e300)]
    public void A_stage_report_with_a_forged_cpu_is_refused_naming_the_field(double cpu)
    {
        var frame = WireCodec.Encode(new StageReportMessage(5, 7, 1, 0.02, 0.01, true, default, CpuS: cpu), 2);
        Assert.That(Reason(frame), Does.StartWith("cpu:"));
        Assert.That(((StageReportMessage)WireCodec.Decode(WireCodec.Encode(new StageReportMessage(5, 7, 1, 0.02, 0.01, true, default, CpuS: StageReportMessage.MaxCpuS), 2)).Message).CpuS, Is.EqualTo(3600));
    }

    [Test]
    public void Envelope_faults_are_named()
    {
        var f = Valid(); f[0] = 0xFF;
        Assert.That(Reason(f), Does.Contain("magic"));
        f = Valid(); f[2] = 1;  // version 1 had no timestamps
        Assert.That(Reason(f), Does.Contain("version"));
        f = Valid(); f[2] = WireFormat.Version + 1;
        Assert.That(Reason(f), Does.Contain("version"));
        f = Valid(); f[3] = 200;
        Assert.That(Reason(f), Does.Contain("unknown kind"));
        f = Valid(); f[4] = 9;
        Assert.That(Reason(f), Does.Contain("length"));
        Assert.That(Reason([.. Valid(), 0]), Does.Contain("length"));
        Assert.That(Reason(new byte[100], new WireLimits(MaxMessageBytes: 50)), Does.Contain("oversized"));
    }

    [Test]
    public void Payload_faults_are_named()
    {
        // A payload longer than its fields: trailing bytes with a matching envelope length.
        var w = new WireWriter();
        new ShutdownMessage(3).Write(w);
        w.U8(0);
        Assert.That(Reason(Raw(MessageKind.Shutdown, w.ToArray())), Does.Contain("unexpected bytes"));

        // Invalid UTF-8 in a string.
        w = new WireWriter();
        w.U16(2); w.U8(0xC3); w.U8(0x28);
        Assert.That(Reason(Raw(MessageKind.Register, [.. w.ToArray(), .. new byte[40]])), Does.Contain("UTF-8"));

        // A tensor whose byte length does not match its shape, and one over the limit.
        var bad = new JobMessage(1, 1, "m", [0, 0], [new TaskExit("t", 0)], 0, [("", new WireTensor(WireDType.Float32, [1, 3], new byte[8]))]);
        Assert.That(Reason(WireCodec.Encode(bad, 1)), Does.Contain("expected 12"));
        var big = new JobMessage(1, 1, "m", [0, 0], [new TaskExit("t", 0)], 0, [("", new WireTensor(WireDType.UInt8, [1, 4096], new byte[4096]))]);
        Assert.That(Reason(WireCodec.Encode(big, 1), new WireLimits(MaxTensorBytes: 1000)), Does.Contain("limit"));

        // Decreasing partition points and a non-boolean.
        var down = new PartitionCommand(MessageKind.Deploy, 1, "m", 0, [3, 1], [new TaskExit("t", 0)]);
        Assert.That(Reason(WireCodec.Encode(down, 1)), Does.Contain("decrease"));
        var ack = WireCodec.Encode(new AckMessage(1, MessageKind.Deploy, 1, true, ""), 1);
        ack[WireFormat.EnvelopeBytes + 13] = 7;
        Assert.That(Reason(ack), Does.Contain("boolean"));
    }

    private static byte[] Raw(MessageKind kind, byte[] payload)
    {
        var w = new WireWriter();
        w.U16(WireFormat.Magic); w.U8(WireFormat.Version); w.U8((byte)kind); w.U32((uint)payload.Length); w.U64(1);
        w.Bytes(payload);
        return w.ToArray();
    }

    [Test]
    public void Random_bytes_and_flipped_bits_never_escape_as_anything_but_a_format_error()
    {
        var random = new Random(20221201);
        var samples = Samples().Select(m => WireCodec.Encode(m, 7)).ToArray();
        int rejected = 0, decoded = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] frame;
            if (i % 3 == 0)
            {
                frame = new byte[random.Next(0, 300)];
                random.NextBytes(frame);
                if (frame.Length >= 4 && i % 2 == 0) { frame[0] = 0x54; frame[1] = 0x32; frame[2] = 1; frame[3] = (byte)random.Next(1, 13); }
            }
            else
            {
                frame = (byte[])samples[random.Next(samples.Length)].Clone();
                for (int flips = random.Next(1, 4); flips > 0; flips--) frame[random.Next(frame.Length)] ^= (byte)(1 << random.Next(8));
            }
            try
            {
                WireCodec.Decode(frame);
                decoded++;
            }
            catch (WireFormatException) { rejected++; }
        }
        Assert.That(rejected, Is.GreaterThan(1000));
        Assert.That(rejected + decoded, Is.EqualTo(3000));
    }
}
