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
/// <item>a 4-ary min-heap (shallower than a binary heap) for everything in the future or with a
/// non-default priority;</item>
/// <item>a FIFO ring for entries due now with priority 0 (event succeeded, process started or
/// finished, resource granted): most entries of a process-heavy model, kept out of the heap at
/// O(1). The ring is sorted by construction: its entries all have time Now and priority 0, and
/// their sequence numbers grow; Now cannot move on while the ring holds an entry.</item>
/// </list>
/// The heap orders 16-byte <see cref="QueueKey"/>s; the targets live in a parallel array that
/// comparisons never read (see QueueKey for why).
/// </summary>
internal sealed unsafe class EventQueue
{
    private readonly HeapKeys _keys = new(256);
    private TargetRef[] _targets = new TargetRef[256];
    private int _heapCount;

    // The ring needs no times: all its entries are due at _ringTime.
    private long[] _ringOrders = new long[256];
    private TargetRef[] _ringTargets = new TargetRef[256];
    private int _ringHead;
    private int _ringCount;
    private double _ringTime;

    private long _nextSequence;

    public int Count => _heapCount + _ringCount;

    /// <summary>Time of the next entry; only valid when Count &gt; 0.</summary>
    public double NextTime
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _ringCount > 0 ? _ringTime : _keys.Items[0].Time;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double time, int priority, EntryKind kind, object target, double now)
    {
        long sequence = _nextSequence++;
        if (sequence > QueueKey.MaxSequence) QueueKey.ThrowTooManyEntries();
        if (time == now && priority == 0) PushRing(time, QueueKey.Pack(0, sequence, kind), target);
        else PushHeap(new QueueKey(time, QueueKey.Pack(priority, sequence, kind)), target);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ScheduledEntry Pop()
    {
        if (_ringCount > 0 && (_heapCount == 0 || !_keys.Items[0].Before(_ringTime, _ringOrders[_ringHead])))
            return PopRing();
        return PopHeap();
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

    private void PushHeap(QueueKey key, object target)
    {
        if (_heapCount == _keys.Capacity)
        {
            _keys.Grow();
            Array.Resize(ref _targets, _targets.Length * 2);
        }
        var keys = _keys.Items;
        var targets = _targets;
        int i = _heapCount++;
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (!key.Before(in keys[parent])) break;
            keys[i] = keys[parent];
            targets[i].Value = targets[parent].Value;
            i = parent;
        }
        keys[i] = key;
        targets[i].Value = target;
        GC.KeepAlive(_keys); // its finalizer frees the memory keys points to
    }

    private ScheduledEntry PopHeap()
    {
        var keys = _keys.Items;
        var targets = _targets;
        var top = new ScheduledEntry(keys[0].Time, QueueKey.KindOf(keys[0].Order), targets[0].Value!);
        int n = --_heapCount;
        // Sift the last entry down from the root, moving a hole rather than swapping.
        var last = keys[n];
        var lastTarget = targets[n].Value;
        targets[n].Value = null;
        int i = 0;
        while (true)
        {
            int child = (i << 2) + 1;
            if (child >= n) break;
            // The next level's keys are the children of one of these four: their sixteen children
            // are the four lines from keys[4 * child + 1] on. Fetch all four now rather than wait
            // for the comparisons to say which one.
            int grandchild = (child << 2) + 1;
            if (grandchild < n) CachePrefetch.FourLines(keys + grandchild);
            int best = LeastChild(keys, child, Math.Min(child + 4, n));
            if (!keys[best].Before(in last)) break;
            keys[i] = keys[best];
            targets[i].Value = targets[best].Value;
            i = best;
        }
        if (i < n)
        {
            keys[i] = last;
            targets[i].Value = lastTarget;
            PrefetchAhead(keys, targets, n);
        }
        GC.KeepAlive(_keys); // its finalizer frees the memory keys points to
        return top;
    }

    /// <summary>
    /// The least of the siblings keys[first..end). A plain compare-and-branch scan: it mispredicts
    /// about once per level (which sibling wins is a coin toss), yet a branch-free tournament with
    /// conditional moves measured 20% slower, with or without the grandchild prefetch: it makes
    /// the next level's address wait for the comparisons, where a predicted branch runs ahead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LeastChild(QueueKey* keys, int first, int end)
    {
        int best = first;
        for (int j = first + 1; j < end; j++)
            if (keys[j].Before(in keys[best])) best = j;
        return best;
    }

    /// <summary>
    /// With thousands of pending entries, the run loop's time goes mostly to cache misses on the
    /// objects an entry leads to: the timeout, then the process waiting for it. The heap knows its
    /// next two entries (the root and the least of the root's children), so it asks for them
    /// ahead: the next-but-one entry's target now, and the next entry's first listener (its
    /// target, prefetched one pop ago, is in the cache by now).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchAhead(QueueKey* keys, TargetRef[] targets, int n)
    {
        if (QueueKey.KindOf(keys[0].Order) == EntryKind.Fire)
            CachePrefetch.Object(Unsafe.As<Event>(targets[0].Value)!.FirstListener);
        if (n < 2) return;
        CachePrefetch.Object(targets[LeastChild(keys, 1, Math.Min(5, n))].Value);
    }
}
