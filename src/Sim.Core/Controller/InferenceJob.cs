namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;

/// <summary>
/// One inference of a deployed model on one sensor frame, for one or more of its tasks: requests of
/// different tasks started together share the stem's computation (multi-task). The world fills in
/// when each task's exit produced its result and what each tier's stage cost, and calls back.
/// </summary>
public sealed class InferenceJob
{
    /// <summary>Tasks of the model this job runs, each with the exit it stops at.</summary>
    public IReadOnlyList<(TaskSpec Task, ExitSpec Exit)> Tasks { get; }
    public PartitionPoints Partition { get; }
    public double StartS { get; }
    internal IReadOnlyList<RequestRecord> Requests { get; }

    private readonly Action<InferenceJob, int, double> _taskDone;
    private readonly Action<int, double, double> _stageDone;
    private readonly Action<int, long, double>? _transferDone;
    private Action<InferenceJob, OutcomeCause, string?>? _failed;

    internal InferenceJob(IReadOnlyList<(TaskSpec, ExitSpec)> tasks, PartitionPoints partition, double startS,
        IReadOnlyList<RequestRecord> requests, Action<InferenceJob, int, double> taskDone, Action<int, double, double> stageDone,
        Action<int, long, double>? transferDone = null)
    {
        _transferDone = transferDone;
        Tasks = tasks;
        Partition = partition;
        StartS = startS;
        Requests = requests;
        _taskDone = taskDone;
        _stageDone = stageDone;
    }

    /// <summary>Task number `taskSlot` (index into Tasks) produced its result at time `atS`.</summary>
    public void TaskDone(int taskSlot, double atS) => _taskDone(this, taskSlot, atS);

    /// <summary>
    /// A tier finished its part of the job: `lookupS` is what the lookup table says that part costs
    /// on this tier, `runtimeS` what it took there (waiting for the partition and cores included).
    /// These are the logs the scaling factors learn from.
    /// </summary>
    public void StageDone(int tier, double lookupS, double runtimeS) => _stageDone(tier, lookupS, runtimeS);

    /// <summary>
    /// The job's data crossed link `link` (0: sensor to the first tier): `bytes` is what the predictor
    /// counts for that cut (tensor bytes, as StagePlan.BytesCrossing), `measuredS` the time
    /// from the moment the sending side had the data (the previous stage's end, or the inference's
    /// start for the sensor) to its arrival at the next tier. The logs of the link scaling factors.
    /// </summary>
    public void TransferDone(int link, long bytes, double measuredS) => _transferDone?.Invoke(link, bytes, measuredS);

    /// <summary>
    /// A result of the stage on tier `tier` reached the controller `wallS` after that stage ended (its
    /// encoding, the agent's send under its CPU quota, the socket, the controller's receiving thread):
    /// the logs of the measured result returns (ResultReturns). Worlds with a testbed report it.
    /// </summary>
    public void ResultReturned(int tier, double wallS) => _resultReturned?.Invoke(tier, wallS);

    private Action<int, double>? _resultReturned;

    /// <summary>Told of each result's return (<see cref="ResultReturned"/>); set by the controller when it learns them.</summary>
    internal Action<int, double>? OnResultReturned { set => _resultReturned = value; }

    /// <summary>Told when the world gives the job up (<see cref="Fail"/>, <see cref="Lost"/>); set by the controller.</summary>
    internal Action<InferenceJob, OutcomeCause, string?>? OnFailed { set => _failed = value; }

    /// <summary>
    /// The world gave the job up (its results will not come: past its deadline, a full queue): its
    /// requests still running end unserved with this reason instead of staying "running".
    /// </summary>
    public void Fail(string reason) => _failed?.Invoke(this, OutcomeCause.GivenUp, reason);

    /// <summary>
    /// A tier or link on the job's path was lost: its requests still running end unserved, lost with
    /// the tier (counted as RunSummary.UnservedLost, as when the controller is told TierLost first).
    /// </summary>
    public void Lost() => _failed?.Invoke(this, OutcomeCause.LostWithAgent, null);
}
