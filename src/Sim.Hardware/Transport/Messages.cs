namespace T2CSim.Hardware.Transport;

/// <summary>A message of the T2C wire format; its payload layout is its Write method (docs/hardware.md).</summary>
public interface IWireMessage
{
    MessageKind Kind { get; }
    void Write(WireWriter w);
}

/// <summary>One task a job or a partition runs, and the exit it stops at.</summary>
public readonly record struct TaskExit(string Task, int ExitIndex)
{
    public void Write(WireWriter w)
    {
        w.Str(Task);
        w.U8((byte)ExitIndex);
    }

    public static TaskExit Read(WireReader r) => new(r.Str("task"), r.U8("exit"));

    public static void WriteList(WireWriter w, IReadOnlyList<TaskExit> tasks)
    {
        w.Count(tasks.Count);
        foreach (var t in tasks) t.Write(w);
    }

    public static TaskExit[] ReadList(WireReader r)
    {
        var tasks = new TaskExit[r.Count("tasks")];
        if (tasks.Length == 0) throw new WireFormatException("tasks: a job or partition needs at least one task");
        for (int i = 0; i < tasks.Length; i++) tasks[i] = Read(r);
        return tasks;
    }
}

/// <summary>Partition points as on the wire: u8 count then i32 cuts, non-decreasing, each >= 0.</summary>
public static class WireCuts
{
    public static void Write(WireWriter w, IReadOnlyList<int> cuts)
    {
        w.Count(cuts.Count);
        foreach (var c in cuts) w.I32(c);
    }

    public static int[] Read(WireReader r)
    {
        var cuts = new int[r.Count("cuts")];
        for (int i = 0; i < cuts.Length; i++)
        {
            cuts[i] = r.I32In("cut", 0, 10_000);
            if (i > 0 && cuts[i] < cuts[i - 1]) throw new WireFormatException("cuts: partition points must not decrease");
        }
        return cuts;
    }
}

public sealed record RegisterMessage(string Tier, string DataEndpoint, int Cores, int Slots, int ProcessId) : IWireMessage
{
    public MessageKind Kind => MessageKind.Register;
    public void Write(WireWriter w) { w.Str(Tier); w.Str(DataEndpoint); w.I32(Cores); w.I32(Slots); w.I32(ProcessId); }
    public static RegisterMessage Read(WireReader r) =>
        new(r.Str("tier"), r.Str("data endpoint"), r.I32In("cores", 0, 4096), r.I32In("slots", 0, 4096), r.I32("pid"));
}

/// <summary>The controller's answer to Register: the agent's place in the chain.</summary>
/// <param name="NextHop">Data endpoint of the next tier's agent; empty on the last tier.</param>
/// <param name="ResultSink">Where results and stage reports go.</param>
public sealed record WelcomeMessage(int TierIndex, string NextHop, string ResultSink) : IWireMessage
{
    public MessageKind Kind => MessageKind.Welcome;
    public void Write(WireWriter w) { w.I32(TierIndex); w.Str(NextHop); w.Str(ResultSink); }
    public static WelcomeMessage Read(WireReader r) => new(r.I32In("tier index", 0, 255), r.Str("next hop"), r.Str("result sink"));
}

/// <summary>A partition's part of a status report: jobs it ran and their mean stage time (waiting included).</summary>
public readonly record struct PartitionStatus(int DeploymentId, int Jobs, double MeanStageS);

/// <summary>The agent's outgoing link as it measured it: bytes sent so far and throughput over the last window.</summary>
public readonly record struct LinkStatus(long BytesSent, double ThroughputBps);

public sealed record StatusMessage(string Tier, int QueueLength, long JobsDone, long Rejected, PartitionStatus[] Partitions, LinkStatus[] Links) : IWireMessage
{
    public MessageKind Kind => MessageKind.Status;

    public void Write(WireWriter w)
    {
        w.Str(Tier); w.I32(QueueLength); w.I64(JobsDone); w.I64(Rejected);
        // u16 counts here: an agent may hold more partitions than the u8 lists elsewhere allow.
        w.U16((ushort)Partitions.Length);
        foreach (var p in Partitions) { w.I32(p.DeploymentId); w.I32(p.Jobs); w.F64(p.MeanStageS); }
        w.U16((ushort)Links.Length);
        foreach (var l in Links) { w.I64(l.BytesSent); w.F64(l.ThroughputBps); }
    }

    public static StatusMessage Read(WireReader r)
    {
        string tier = r.Str("tier");
        int queue = r.I32In("queue length", 0, int.MaxValue);
        long done = r.I64("jobs done"), rejected = r.I64("rejected");
        int np = r.U16("partitions");
        if (np > 4096) throw new WireFormatException($"partitions: {np} exceed 4096");
        var partitions = new PartitionStatus[np];
        for (int i = 0; i < np; i++) partitions[i] = new PartitionStatus(r.I32("deployment"), r.I32In("jobs", 0, int.MaxValue), r.F64("mean stage"));
        int nl = r.U16("links");
        if (nl > r.Limits.MaxItems) throw new WireFormatException($"links: {nl} exceed {r.Limits.MaxItems}");
        var links = new LinkStatus[nl];
        for (int i = 0; i < nl; i++) links[i] = new LinkStatus(r.I64("bytes sent"), r.F64("throughput"));
        return new StatusMessage(tier, queue, done, rejected, partitions, links);
    }
}

/// <summary>
/// Load (Deploy) or move (Reconfigure) a partition: the deployment, its model, the tier's index,
/// the partition points and each task's exit. The tier runs positions Start(tier)..End(tier).
/// </summary>
public sealed record PartitionCommand(MessageKind Kind, int DeploymentId, string Model, int TierIndex, int[] Cuts, TaskExit[] Tasks) : IWireMessage
{
    public void Write(WireWriter w)
    {
        w.I32(DeploymentId); w.Str(Model); w.I32(TierIndex);
        WireCuts.Write(w, Cuts);
        TaskExit.WriteList(w, Tasks);
    }

    public static PartitionCommand Read(MessageKind kind, WireReader r) =>
        new(kind, r.I32("deployment"), r.Str("model"), r.I32In("tier index", 0, 255), WireCuts.Read(r), TaskExit.ReadList(r));
}

public sealed record ShutdownMessage(int DeploymentId) : IWireMessage
{
    public MessageKind Kind => MessageKind.Shutdown;
    public void Write(WireWriter w) => w.I32(DeploymentId);
    public static ShutdownMessage Read(WireReader r) => new(r.I32("deployment"));
}

/// <summary>The answer to a command: which message (by sequence and kind), for which deployment, and an error if it failed.</summary>
public sealed record AckMessage(ulong AckedSequence, MessageKind AckedKind, int DeploymentId, bool Ok, string Error) : IWireMessage
{
    public MessageKind Kind => MessageKind.Ack;
    public void Write(WireWriter w) { w.U64(AckedSequence); w.U8((byte)AckedKind); w.I32(DeploymentId); w.Bool(Ok); w.Str(Error); }

    public static AckMessage Read(WireReader r)
    {
        ulong seq = r.U64("acked sequence");
        byte kind = r.U8("acked kind");
        if (!MessageKinds.IsKnown(kind)) throw new WireFormatException($"acked kind: unknown kind {kind}");
        return new AckMessage(seq, (MessageKind)kind, r.I32("deployment"), r.Bool("ok"), r.Str("error"));
    }
}

/// <summary>
/// A job on the data plane: which inference, for which deployment and tasks, under which partition
/// points (fixed when the job started, so a reconfiguration never changes a job in flight), and the
/// tensors crossing this cut: the raw frame at position 0, the shared stem output (Task "") while the
/// cut is in the stem, or past the stem each continuing task's branch output (keyed by task).
/// </summary>
/// <param name="ReadyNs">When the sender had these tensors ready: its stage ended, or (a tier passing them through) they
/// arrived there; the sensor's frame: when the controller started the inference (WireClock; 0: unknown).</param>
/// <param name="SentNs">When the sender handed this frame, encoded, to its link (WireClock; 0: unknown).</param>
public sealed record JobMessage(ulong JobId, int DeploymentId, string Model, int[] Cuts, TaskExit[] Tasks, int Position, (string Task, WireTensor Tensor)[] Tensors, long ReadyNs = 0, long SentNs = 0) : IWireMessage
{
    public MessageKind Kind => MessageKind.Job;

    public void Write(WireWriter w)
    {
        w.U64(JobId); w.I32(DeploymentId); w.Str(Model);
        WireCuts.Write(w, Cuts);
        TaskExit.WriteList(w, Tasks);
        w.I32(Position);
        w.I64(ReadyNs);
        w.I64(SentNs);
        w.Count(Tensors.Length);
        foreach (var (task, tensor) in Tensors) { w.Str(task); tensor.Write(w); }
    }

    public static JobMessage Read(WireReader r)
    {
        ulong id = r.U64("job"); int deployment = r.I32("deployment"); string model = r.Str("model");
        var cuts = WireCuts.Read(r);
        var tasks = TaskExit.ReadList(r);
        int position = r.I32In("position", 0, 10_000);
        long ready = r.I64("ready"), sent = r.I64("sent");
        var tensors = new (string, WireTensor)[r.Count("tensors")];
        if (tensors.Length == 0) throw new WireFormatException("tensors: a job carries at least one tensor");
        long total = 0;
        for (int i = 0; i < tensors.Length; i++)
        {
            tensors[i] = (r.Str("tensor key"), WireTensor.Read(r, "tensor"));
            total += tensors[i].Item2.Data.Length;
            if (total > r.Limits.MaxTensorBytes) throw new WireFormatException($"tensors: {total} bytes in all exceed the limit of {r.Limits.MaxTensorBytes}");
        }
        return new JobMessage(id, deployment, model, cuts, tasks, position, tensors, ready, sent);
    }
}

/// <summary>One task's result: the class scores of its exit, computed on tier TierIndex.</summary>
/// <param name="SentNs">When the agent sent it (WireClock; 0: unknown).</param>
public sealed record ResultMessage(ulong JobId, int DeploymentId, int Slot, int TierIndex, WireTensor Scores, long SentNs = 0) : IWireMessage
{
    public MessageKind Kind => MessageKind.Result;
    public void Write(WireWriter w) { w.U64(JobId); w.I32(DeploymentId); w.U8((byte)Slot); w.U8((byte)TierIndex); Scores.Write(w); w.I64(SentNs); }
    public static ResultMessage Read(WireReader r) =>
        new(r.U64("job"), r.I32("deployment"), r.U8("slot"), r.U8("tier"), WireTensor.Read(r, "scores"), r.I64("sent"));
}

/// <summary>
/// Where one job's time went around one agent, in WireClock nanoseconds (0: did not happen): the
/// upstream had the tensors ready (InReadyNs) and handed the frame to its link (InSentNs), both copied
/// from the Job; the frame arrived here (ReceivedNs, off the data socket, before decoding); the stage
/// started and ended on the worker (0 on a tier passing the tensors through); what continues was
/// handed to the outgoing link (ForwardedNs). InBytes: the frame that arrived, envelope included.
/// </summary>
public readonly record struct HopTimes(long InReadyNs, long InSentNs, long ReceivedNs, long StartNs, long EndNs, long ForwardedNs, int InBytes)
{
    public void Write(WireWriter w) { w.I64(InReadyNs); w.I64(InSentNs); w.I64(ReceivedNs); w.I64(StartNs); w.I64(EndNs); w.I64(ForwardedNs); w.I32(InBytes); }
    public static HopTimes Read(WireReader r) => new(r.I64("in ready"), r.I64("in sent"), r.I64("received"), r.I64("start"), r.I64("end"), r.I64("forwarded"), r.I32In("in bytes", 0, int.MaxValue));

    /// <summary>When this tier had what it passes on: its stage's end, or its arrival when it only passes tensors through.</summary>
    public long DoneNs => EndNs != 0 ? EndNs : ReceivedNs;
}

/// <summary>
/// A job's stage on a tier took RuntimeS seconds from arrival to done (waiting for the worker included),
/// ComputeS of it computing. Computed is false on a tier that only passed the tensors through (it
/// still reports, for its timestamps; no scaling-factor log comes of it). CpuS: the CPU the worker
/// thread was charged for the stage (ThreadCpuClock; 0: not measured), the calibration's measure of
/// a stage's cost on the tier's quota.
/// </summary>
public sealed record StageReportMessage(ulong JobId, int DeploymentId, int TierIndex, double RuntimeS, double ComputeS, bool Computed = true, HopTimes Times = default, double CpuS = 0) : IWireMessage
{
    public MessageKind Kind => MessageKind.StageReport;
    public void Write(WireWriter w) { w.U64(JobId); w.I32(DeploymentId); w.U8((byte)TierIndex); w.F64(RuntimeS); w.F64(ComputeS); w.Bool(Computed); Times.Write(w); w.F64(CpuS); }
    public static StageReportMessage Read(WireReader r) =>
        new(r.U64("job"), r.I32("deployment"), r.U8("tier"), r.F64("runtime"), r.F64("compute"), r.Bool("computed"), HopTimes.Read(r), Cpu(r));

    /// <summary>A stage's CPU: a duration, at most <see cref="MaxCpuS"/> (a forged value would land in hops.csv and the calibration).</summary>
    private static double Cpu(WireReader r)
    {
        double cpu = r.F64("cpu");
        return cpu is >= 0 and <= MaxCpuS ? cpu : throw new WireFormatException($"cpu: {cpu} s is not a stage's CPU in [0, {MaxCpuS}] s");
    }

    /// <summary>Longest CPU a stage report may carry: an hour.</summary>
    public const double MaxCpuS = 3600;
}

public sealed record StopMessage : IWireMessage
{
    public MessageKind Kind => MessageKind.Stop;
    public void Write(WireWriter w) { }
}

/// <summary>New capacity and background traffic of the agent's outgoing link (a scenario event): it sends at capacity - background.</summary>
public sealed record LinkSetMessage(double CapacityBps, double BackgroundBps) : IWireMessage
{
    public MessageKind Kind => MessageKind.LinkSet;
    public void Write(WireWriter w) { w.F64(CapacityBps); w.F64(BackgroundBps); }
    public static LinkSetMessage Read(WireReader r) => new(r.F64("capacity"), r.F64("background"));
}
