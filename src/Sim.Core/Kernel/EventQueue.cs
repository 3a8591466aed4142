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

/// <summary>One pending entry. A struct so the queue is one array, not a graph of nodes.</summary>
internal struct ScheduledEntry
{
    public double Time;
    public int Priority;
    public EntryKind Kind;
    public long Sequence;
    public object Target;
}

/// <summary>
/// Pending entries in (time, priority, sequence) order. Two containers, merged on pop:
/// <list type="bullet">
/// <item>a 4-ary min-heap (shallower than a binary heap, and its four children share a cache line
/// or two) for everything in the future or with a non-default priority;</item>
/// <item>a FIFO ring for entries due now with priority 0 (event succeeded, process started or
/// finished, resource granted): most entries of a process-heavy model, kept out of the heap at
/// O(1). The ring is sorted by construction: its entries all have time Now and priority 0, and
/// their sequence numbers grow; Now cannot move on while the ring holds an entry.</item>
/// </list>
/// </summary>
internal sealed class EventQueue
{
    private ScheduledEntry[] _heap = new ScheduledEntry[256];
    private int _heapCount;
    private ScheduledEntry[] _ring = new ScheduledEntry[256];
    private int _ringHead;
    private int _ringCount;
    private long _nextSequence;

    public int Count => _heapCount + _ringCount;

    /// <summary>Time of the next entry; only valid when Count &gt; 0.</summary>
    public double NextTime
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _ringCount > 0 ? _ring[_ringHead].Time : _heap[0].Time;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double time, int priority, EntryKind kind, object target, double now)
    {
        var entry = new ScheduledEntry
        {
            Time = time, Priority = priority, Kind = kind, Sequence = _nextSequence++, Target = target,
        };
        if (time == now && priority == 0) PushRing(in entry);
        else PushHeap(in entry);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ScheduledEntry Pop()
    {
        if (_ringCount > 0 && (_heapCount == 0 || !Before(in _heap[0], in _ring[_ringHead])))
            return PopRing();
        return PopHeap();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Before(in ScheduledEntry a, in ScheduledEntry b)
    {
        if (a.Time != b.Time) return a.Time < b.Time;
        if (a.Priority != b.Priority) return a.Priority < b.Priority;
        return a.Sequence < b.Sequence;
    }

    private void PushRing(in ScheduledEntry entry)
    {
        if (_ringCount == _ring.Length) GrowRing();
        _ring[(_ringHead + _ringCount) & (_ring.Length - 1)] = entry;
        _ringCount++;
    }

    private ScheduledEntry PopRing()
    {
        ref var slot = ref _ring[_ringHead];
        var entry = slot;
        slot.Target = null!; // let the event be collected once processed
        _ringHead = (_ringHead + 1) & (_ring.Length - 1);
        _ringCount--;
        return entry;
    }

    private void GrowRing()
    {
        var bigger = new ScheduledEntry[_ring.Length * 2];
        for (int i = 0; i < _ringCount; i++) bigger[i] = _ring[(_ringHead + i) & (_ring.Length - 1)];
        _ring = bigger;
        _ringHead = 0;
    }

    private void PushHeap(in ScheduledEntry entry)
    {
        if (_heapCount == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var heap = _heap;
        int i = _heapCount++;
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (!Before(in entry, in heap[parent])) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    private ScheduledEntry PopHeap()
    {
        var heap = _heap;
        var top = heap[0];
        int n = --_heapCount;
        if (n == 0)
        {
            heap[0] = default;
            return top;
        }
        // Sift the last entry down from the root, moving a hole rather than swapping.
        var last = heap[n];
        heap[n] = default;
        int i = 0;
        while (true)
        {
            int child = (i << 2) + 1;
            if (child >= n) break;
            int best = child;
            int end = Math.Min(child + 4, n);
            for (int j = child + 1; j < end; j++)
                if (Before(in heap[j], in heap[best])) best = j;
            if (!Before(in heap[best], in last)) break;
            heap[i] = heap[best];
            i = best;
        }
        heap[i] = last;
        return top;
    }
}
