namespace T2CSim.Core.Kernel;

/// <summary>
/// An active entity: an iterator that yields the events it waits for. The process is itself an
/// event that succeeds when the body ends, so another process can wait for it.
/// <para>
/// Faults, SimSharp style: when the process is resumed by an interrupt or by a failed event,
/// <see cref="HandleFault"/> returns true once. A body that resumes from a fault and yields again
/// (or ends) without calling it has ignored the fault, and the run stops with an
/// InvalidOperationException rather than carrying on with a process that missed a breakdown.
/// </para>
/// </summary>
public sealed class Process : Event
{
    private readonly IEnumerator<Event> _body;
    // The event waited for is the body's Current: a flag, not a second reference to it, saves a
    // GC write barrier per wait and 8 bytes per process (docs/kernel.md, seventh pass).
    private bool _waiting;
    private bool _started;
    private bool _finished;
    private bool _faultPending;
    // What the last fault was: made at the first fault, so a process that never faults (nearly
    // all) is 8 bytes smaller than with two fields.
    private FaultRecord? _fault;

    private sealed class FaultRecord
    {
        public Event? FailedEvent;
        public object? InterruptCause;
    }

    internal Process(Simulation simulation, IEnumerable<Event> body, int priority) : base(simulation)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (priority is < -Simulation.MaxProcessPriority or > Simulation.MaxProcessPriority)
            throw new ArgumentOutOfRangeException(nameof(priority), priority,
                $"A process priority must lie within ±{Simulation.MaxProcessPriority:N0} (the event queue packs it into 19 bits).");
        _body = body.GetEnumerator();
        Priority = priority;
        simulation.Enqueue(simulation.Now, priority, EntryKind.StartProcess, this);
    }

    /// <summary>Orders the process's start and its completion among same-time events.</summary>
    public int Priority { get; }

    /// <summary>True until the body has ended.</summary>
    public bool IsAlive => !_finished;

    /// <summary>The event the process waits for, or null while it runs or once it ended.</summary>
    public Event? Target => _waiting ? _body.Current : null;

    /// <summary>Cause given to the latest interrupt delivered to this process (null for none).</summary>
    public object? InterruptCause => _fault?.InterruptCause;

    /// <summary>
    /// Interrupts the process at the current time: it stops waiting for its target (that event no
    /// longer resumes it) and resumes with <see cref="HandleFault"/> true and the cause in
    /// <see cref="InterruptCause"/>. Interrupts are urgent: they go before other events of the same time.
    /// </summary>
    public void Interrupt(object? cause = null)
    {
        if (_finished) throw new InvalidOperationException("Cannot interrupt a process that has ended.");
        if (ReferenceEquals(Simulation.ActiveProcess, this))
            throw new InvalidOperationException("A process cannot interrupt itself.");
        Simulation.Enqueue(Simulation.Now, Simulation.UrgentPriority, EntryKind.Interrupt, new Interruption(this, cause));
    }

    /// <summary>True once after the process was resumed by an interrupt or a failed event; call it
    /// right after any yield where that can happen.</summary>
    public bool HandleFault()
    {
        if (!_faultPending) return false;
        _faultPending = false;
        return true;
    }

    internal void Start()
    {
        // An urgent interrupt may have started the body already.
        if (_started) return;
        _started = true;
        Step();
    }

    internal void Resume(Event trigger)
    {
        _waiting = false;
        if (!trigger._ok) FailedBy(trigger);
        Step();
    }

    internal void DeliverInterrupt(object? cause)
    {
        if (_finished) return;
        if (_waiting) _body.Current.RemoveListener(this);
        _waiting = false;
        _started = true;
        var fault = _fault ??= new FaultRecord();
        fault.InterruptCause = cause;
        fault.FailedEvent = null;
        _faultPending = true;
        Step();
    }

    private void FailedBy(Event failed)
    {
        _faultPending = true;
        (_fault ??= new FaultRecord()).FailedEvent = failed;
    }

    /// <summary>Runs the body until it waits for an event that is not yet processed, or ends.</summary>
    private void Step()
    {
        var simulation = Simulation;
        simulation.EnterStep(this);
        try
        {
            while (true)
            {
                if (!_body.MoveNext())
                {
                    if (_faultPending) EnsureFaultHandled();
                    Finish();
                    return;
                }
                if (_faultPending) EnsureFaultHandled(); // the test inline: a call per step otherwise
                var next = _body.Current;
                if (next is null)
                    throw new InvalidOperationException("A process yielded null; yield an Event (a Timeout, a request, another Process, ...).");
                if (!ReferenceEquals(next.Simulation, simulation))
                    throw new InvalidOperationException("A process yielded an event of another Simulation.");
                if (ReferenceEquals(next, this))
                    throw new InvalidOperationException("A process cannot wait for itself.");
                if (next._state == Processed)
                {
                    // Already happened: carry on at once, as SimPy does.
                    if (!next._ok) FailedBy(next);
                    continue;
                }
                next.AddListener(this);
                _waiting = true;
                return;
            }
        }
        finally
        {
            simulation.LeaveStep();
        }
    }

    private void EnsureFaultHandled()
    {
        _faultPending = false;
        if (_fault?.FailedEvent is { } failed)
            throw new InvalidOperationException(
                $"A process was resumed by a failed {failed.GetType().Name} and went on without calling HandleFault().",
                failed.Value as Exception);
        throw new InvalidOperationException(
            $"A process was interrupted (cause: {InterruptCause ?? "none"}) and went on without calling HandleFault(); " +
            "call Simulation.ActiveProcess.HandleFault() after each yield that can be interrupted.");
    }

    private void Finish()
    {
        _finished = true;
        _body.Dispose();
        Trigger(ok: true, value: null, Priority);
    }
}
