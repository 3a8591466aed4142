using System.Runtime.CompilerServices;
using T2CSim.Core.Randomness;

namespace T2CSim.Core.Kernel;

/// <summary>
/// A discrete-event simulation in the style of SimPy / SimSharp: processes are iterators that
/// yield the events they wait for; time is a double in seconds (a model may choose another unit).
/// <para>
/// Order: entries are processed by (time, priority, insertion sequence), lower first. Events
/// triggered by Succeed/Fail, timeouts, resource grants and store hand-overs have priority 0;
/// a process's start and end use the process's priority (default 0); interrupts use
/// <see cref="UrgentPriority"/>, so they go before everything else at their instant. Among equal
/// time and priority, first scheduled runs first. Hence a process created at time t first runs at
/// t after the priority-0 events already scheduled for t.
/// </para>
/// <para>Not thread-safe: one simulation belongs to one thread.</para>
/// </summary>
public sealed class Simulation
{
    /// <summary>The priority of interrupts: before any other entry of the same time.</summary>
    public const int UrgentPriority = int.MinValue;

    /// <summary>Process priorities lie in [-MaxProcessPriority, MaxProcessPriority] (262,143): the
    /// event queue packs priority and sequence into one long to compare them at once.</summary>
    public const int MaxProcessPriority = QueueKey.MaxPriority;

    private readonly EventQueue _queue = new();
    private double _now;
    private long _processedEvents;
    private bool _running;

    public Simulation(long seed = 0) => Random = new RandomStreams(seed);

    /// <summary>Current simulated time in seconds.</summary>
    public double Now => _now;

    /// <summary>Per-purpose random streams derived from the seed.</summary>
    public RandomStreams Random { get; }

    /// <summary>The process whose body is running, or null between processes.</summary>
    public Process? ActiveProcess => _stepping ? _lastStepped : null;

    // The process that stepped last, and whether its step is still running. Two fields rather than
    // one set and cleared around every step: storing a reference into this long-lived object costs
    // a GC write barrier (a card-table check), so it is stored only when another process steps;
    // one process looping on timeouts stores it once. It keeps that one process reachable until
    // another steps.
    private Process? _lastStepped;
    private bool _stepping;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void EnterStep(Process process)
    {
        if (!ReferenceEquals(_lastStepped, process)) _lastStepped = process;
        _stepping = true;
    }

    internal void LeaveStep() => _stepping = false;

    /// <summary>Entries processed so far: events, process starts, interrupts and Schedule callbacks.</summary>
    public long ProcessedEvents => _processedEvents;

    /// <summary>Called with (time, event) for every processed event, process start and interrupt
    /// (not for Schedule callbacks, which have no event). Meant for determinism checks and debugging.</summary>
    public Action<double, Event>? Trace { get; set; }

    /// <summary>Entries still scheduled.</summary>
    public int PendingEvents => _queue.Count;

    /// <summary>Starts a process; its body first runs at Now, after entries already scheduled for Now.
    /// <paramref name="priority"/> must lie within ±<see cref="MaxProcessPriority"/>.</summary>
    public Process Process(IEnumerable<Event> body, int priority = 0) => new Process(this, body, priority);

    /// <summary>An event that succeeds with <paramref name="value"/> after <paramref name="delay"/> seconds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Timeout Timeout(double delay, object? value = null)
    {
        CheckDelay(delay);
        var timeout = new Timeout(this, value);
        _queue.Push(_now + delay, 0, EntryKind.Fire, timeout, _now);
        return timeout;
    }

    /// <summary>A pending event, triggered by hand with Succeed or Fail.</summary>
    public Event Event() => new Event(this);

    public Condition AllOf(params Event[] events) => new Condition(this, events, needsAll: true);

    public Condition AnyOf(params Event[] events) => new Condition(this, events, needsAll: false);

    /// <summary>
    /// Calls <paramref name="action"/> after <paramref name="delay"/> seconds, at priority 0: a
    /// timer without an event or a process (nothing can wait for it). Costs one queue entry;
    /// pass a cached delegate to allocate nothing.
    /// </summary>
    public void Schedule(double delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        CheckDelay(delay);
        _queue.Push(_now + delay, 0, EntryKind.Callback, action, _now);
    }

    /// <summary>Runs until no entries are left.</summary>
    public void Run() => RunLoop(double.PositiveInfinity);

    /// <summary>
    /// Processes the entries with time strictly less than <paramref name="until"/>, then sets
    /// Now = until. Entries at exactly <paramref name="until"/> stay scheduled (as in SimPy and
    /// SimSharp) and a further Run processes them.
    /// </summary>
    public void Run(double until)
    {
        if (!double.IsFinite(until) || until < _now)
            throw new ArgumentOutOfRangeException(nameof(until), until, $"Run(until) needs a finite time not before Now ({_now}).");
        RunLoop(until);
        _now = until;
    }

    internal void Enqueue(double time, int priority, EntryKind kind, object target) =>
        _queue.Push(time, priority, kind, target, _now);

    private void RunLoop(double until)
    {
        if (_running) throw new InvalidOperationException("Run was called while the simulation is already running.");
        _running = true;
        var queue = _queue;
        try
        {
            while (ProcessNext(queue, until)) { }
        }
        finally
        {
            _running = false;
        }
    }

    // One entry per call, not inlined into RunLoop: a simulation calls RunLoop once per Run, so
    // RunLoop is never called often enough to be recompiled at tier 1 and its loop runs as
    // on-stack-replacement code; this method is called once per entry, so it reaches tier 1 with
    // the profile of the run (docs/kernel.md, sixth pass). False once no entry is due before until.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ProcessNext(EventQueue queue, double until)
    {
        if (!queue.TryPop(until, out var entry)) return false;
        _now = entry.Time;
        _processedEvents++;
        switch (entry.Kind)
        {
            case EntryKind.Fire:
                var e = Unsafe.As<Event>(entry.Target);
                Trace?.Invoke(_now, e);
                e.Fire();
                break;
            case EntryKind.StartProcess:
                var process = Unsafe.As<Process>(entry.Target);
                Trace?.Invoke(_now, process);
                process.Start();
                break;
            case EntryKind.Interrupt:
                var interruption = Unsafe.As<Interruption>(entry.Target);
                Trace?.Invoke(_now, interruption);
                interruption.Deliver();
                break;
            default:
                Unsafe.As<Action>(entry.Target)();
                break;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckDelay(double delay)
    {
        // One comparison rejects negatives and NaN; infinity would never fire and hide a bug.
        if (!(delay >= 0) || delay == double.PositiveInfinity) ThrowBadDelay(delay);
    }

    private static void ThrowBadDelay(double delay) =>
        throw new ArgumentOutOfRangeException(nameof(delay), delay, "A delay must be a finite number of seconds >= 0.");
}
