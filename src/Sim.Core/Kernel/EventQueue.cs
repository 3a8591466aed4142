using System.Runtime.CompilerServices;

namespace T2CSim.Core.Kernel;

/// <summary>What the run loop does with a scheduled entry.</summary>
internal enum EntryKind : byte
{
    /// <summary>Process a triggered event: run its callbacks.</summary>
    Fire,
    /// <summary>Run a new process's body up to its first yield.</summary>
    StartProcess,
    /// <summary>Deliver an <see cref="Interruption"/> to its process.</summary>
    Interrupt,
    /// <summary>Call a plain <see cref="Action"/> (Simulation.Schedule): no event object at all.</summary>
    Callback,
}

/// <summary>An entry taken from the queue: when, what to do, and with what.</summary>
internal readonly struct ScheduledEntry(double time, EntryKind kind, object target)
{
    public readonly double Time = time;
    public readonly EntryKind Kind = kind;
    public readonly object Target = target;
}

/// <summary>
/// An array slot holding a reference. Storing into an object?[] costs a covariance check (a call
/// to a runtime helper) because the array could really be a string[]; a struct element cannot
/// be anything else, so a store is a plain write (with the GC's write barrier).
/// </summary>
internal struct TargetRef
{
    public object? Value;
}

/// <summary>
/// Pending entries in (time, priority, sequence) order. Two containers, merged on pop:
/// <list type="bullet">
/// <item><see cref="TimeBuckets"/> for everything in the future or with a non-default priority:
/// a calendar of time buckets whose current bucket is a small 4-ary heap (<see cref="KeyHeap"/>),
/// O(1) amortised per entry;</item>
/// <item>a FIFO ring for entries due now with priority 0 (event succeeded, process started or
/// finished, resource granted): most entries of a process-heavy model, kept out of the buckets at
/// O(1). The ring is sorted by construction: its entries all have time Now and priority 0, and
/// their sequence numbers grow; Now cannot move on while the ring holds an entry.</item>
/// </list>
/// Both order by 16-byte <see cref="QueueKey"/>s (time, packed priority and sequence).
/// </summary>
internal sealed class EventQueue
{
    private readonly TimeBuckets _future = new();

    // The ring needs no times: all its entries are due at _ringTime.
    private long[] _ringOrders = new long[256];
    private TargetRef[] _ringTargets = new TargetRef[256];
    private int _ringHead;
    private int _ringCount;
    private double _ringTime;

    private long _nextSequence;

    public int Count => _future.Count + _ringCount;

    /// <summary>Time of the next entry; only valid when Count &gt; 0.</summary>
    public double NextTime
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _ringCount > 0 ? _ringTime : _future.Min.Time;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double time, int priority, EntryKind kind, object target, double now)
    {
        long sequence = _nextSequence++;
        if (sequence > QueueKey.MaxSequence) QueueKey.ThrowTooManyEntries();
        if (time == now && priority == 0) PushRing(time, QueueKey.Pack(0, sequence, kind), target);
        else _future.Push(new QueueKey(time, QueueKey.Pack(priority, sequence, kind)), target);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ScheduledEntry Pop()
    {
        if (_ringCount > 0 && (_future.Count == 0 || !_future.Min.Before(_ringTime, _ringOrders[_ringHead])))
            return PopRing();
        var target = _future.Pop(out var key);
        return new ScheduledEntry(key.Time, QueueKey.KindOf(key.Order), target);
    }

    /// <summary>
    /// Takes the next entry if it is due before <paramref name="until"/>: the run loop's test and
    /// <see cref="Pop"/> in one, so the ring-or-future choice is made once per entry, not twice.
    /// Same entry as <c>Count &gt; 0 &amp;&amp; NextTime &lt; until</c> followed by Pop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPop(double until, out ScheduledEntry entry)
    {
        if (_ringCount > 0)
        {
            if (!(_ringTime < until))
            {
                entry = default;
                return false;
            }
            if (_future.Count == 0 || !_future.Min.Before(_ringTime, _ringOrders[_ringHead]))
            {
                entry = PopRing();
                return true;
            }
        }
        else if (_future.Count == 0 || !(_future.Min.Time < until))
        {
            entry = default;
            return false;
        }
        var target = _future.Pop(out var key);
        entry = new ScheduledEntry(key.Time, QueueKey.KindOf(key.Order), target);
        return true;
    }

    private void PushRing(double time, long order, object target)
    {
        if (_ringCount == _ringOrders.Length) GrowRing();
        int tail = (_ringHead + _ringCount) & (_ringOrders.Length - 1);
        _ringOrders[tail] = order;
        _ringTargets[tail].Value = target;
        _ringTime = time;
        _ringCount++;
    }

    private ScheduledEntry PopRing()
    {
        int head = _ringHead;
        var entry = new ScheduledEntry(_ringTime, QueueKey.KindOf(_ringOrders[head]), _ringTargets[head].Value!);
        _ringTargets[head].Value = null; // let the event be collected once processed
        _ringHead = (head + 1) & (_ringOrders.Length - 1);
        _ringCount--;
        return entry;
    }

    private void GrowRing()
    {
        int length = _ringOrders.Length, mask = length - 1;
        var orders = new long[length * 2];
        var targets = new TargetRef[length * 2];
        for (int i = 0; i < _ringCount; i++)
        {
            orders[i] = _ringOrders[(_ringHead + i) & mask];
            targets[i].Value = _ringTargets[(_ringHead + i) & mask].Value;
        }
        _ringOrders = orders;
        _ringTargets = targets;
        _ringHead = 0;
    }
}
