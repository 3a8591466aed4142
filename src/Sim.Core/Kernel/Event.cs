using System.Runtime.CompilerServices;

namespace T2CSim.Core.Kernel;

/// <summary>
/// Something that happens at one instant of simulated time. An event is pending until it is
/// triggered (<see cref="Succeed"/> or <see cref="Fail"/>), which schedules it for the current
/// time; the run loop then processes it, calling its callbacks in the order they were added.
/// A process waits for an event by yielding it.
/// </summary>
public class Event
{
    internal const byte Pending = 0, Triggered = 1, Processed = 2;

    private readonly Simulation _simulation;
    internal object? _value;
    internal byte _state;
    internal bool _ok;
    // Nearly every event has exactly one listener (the process waiting on it): it sits in this one
    // field, and only the rare second one turns the field into a ListenerList. A listener is a
    // Process, a Condition or an Action<Event>: dispatching on the type avoids a delegate per wait.
    // (One field rather than a listener and a list: 8 bytes less on every timeout and process.)
    private object? _listener;

    /// <summary>Several listeners, in the order they were added.</summary>
    private sealed class ListenerList : List<object>
    {
        public ListenerList(object first, object second) : base(2)
        {
            Add(first);
            Add(second);
        }
    }

    public Event(Simulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        _simulation = simulation;
    }

    /// <summary>For events that are triggered when created (timeouts, interruptions).</summary>
    private protected Event(Simulation simulation, object? value)
    {
        _simulation = simulation;
        _value = value;
        _ok = true;
        _state = Triggered;
    }

    public Simulation Simulation => _simulation;

    /// <summary>The first listener, if any (the queue prefetches it).</summary>
    internal object? FirstListener => _listener;
    public bool IsTriggered => _state != Pending;
    public bool IsProcessed => _state == Processed;
    /// <summary>True once triggered by Succeed; false while pending or after Fail.</summary>
    public bool IsOk => _ok;
    /// <summary>The value given to Succeed, or the exception given to Fail.</summary>
    public object? Value => _value;

    /// <summary>Triggers the event now; its callbacks run when the run loop reaches it.</summary>
    public Event Succeed(object? value = null)
    {
        Trigger(ok: true, value, priority: 0);
        return this;
    }

    /// <summary>Triggers the event as failed: a process waiting on it is resumed with a fault
    /// (see <see cref="Process.HandleFault"/>) and the exception is the event's Value.</summary>
    public Event Fail(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Trigger(ok: false, error, priority: 0);
        return this;
    }

    /// <summary>Calls <paramref name="callback"/> when the event is processed.</summary>
    public void AddCallback(Action<Event> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_state == Processed)
            throw new InvalidOperationException("The event was already processed; add callbacks before it is processed.");
        AddListener(callback);
    }

    private protected void Trigger(bool ok, object? value, int priority)
    {
        if (_state != Pending)
            throw new InvalidOperationException($"This {GetType().Name} was already triggered; an event succeeds or fails once.");
        _ok = ok;
        _value = value;
        _state = Triggered;
        _simulation.Enqueue(_simulation.Now, priority, EntryKind.Fire, this);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddListener(object listener)
    {
        if (_listener is null) _listener = listener;
        else if (_listener is ListenerList list) list.Add(listener);
        else _listener = new ListenerList(_listener, listener);
    }

    /// <summary>Undoes AddListener (an interrupted process stops waiting).</summary>
    internal void RemoveListener(object listener)
    {
        if (ReferenceEquals(_listener, listener)) _listener = null;
        else if (_listener is ListenerList list) list.Remove(listener);
    }

    /// <summary>Run by the run loop: marks the event processed and notifies its listeners. Inlined
    /// into the run loop for the usual case, one waiting process (a call less per event); the rest
    /// in <see cref="FireToOthers"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Fire()
    {
        _state = Processed;
        var listener = _listener;
        if (listener is null) return;
        _listener = null;
        if (listener is Process process) process.Resume(this);
        else FireToOthers(listener);
    }

    private void FireToOthers(object listener)
    {
        if (listener is ListenerList list)
        {
            for (int i = 0; i < list.Count; i++) Notify(list[i]);
        }
        else Notify(listener);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Notify(object listener)
    {
        if (listener is Process process) process.Resume(this);
        else if (listener is Condition condition) condition.OnComponentProcessed(this);
        else Unsafe.As<Action<Event>>(listener)(this);
    }
}
