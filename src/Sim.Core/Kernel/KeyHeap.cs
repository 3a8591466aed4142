using System.Runtime.CompilerServices;

namespace T2CSim.Core.Kernel;

/// <summary>
/// A 4-ary min-heap of (<see cref="QueueKey"/>, target) pairs: half the depth of a binary heap.
/// Sift-down moves a hole instead of swapping. The 16-byte keys live in cache-line-aligned native
/// memory (<see cref="HeapKeys"/>: a node's four children are one line); the targets sit in a
/// parallel array that comparisons never read. <see cref="TimeBuckets"/> uses two: one for the
/// current time bucket, one for the far future.
/// </summary>
internal sealed unsafe class KeyHeap
{
    private readonly HeapKeys _keys = new(256);
    private TargetRef[] _targets = new TargetRef[256];
    private int _count;

    public int Count => _count;

    /// <summary>The least key; only valid when Count &gt; 0 (and until the next Push).</summary>
    public ref readonly QueueKey Min
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _keys.Items[0];
    }

    /// <summary>Entry i in heap (not sorted) order, for draining the heap in a rebuild.</summary>
    public ref readonly QueueKey KeyAt(int i) => ref _keys.Items[i];

    public object TargetAt(int i) => _targets[i].Value!;

    /// <summary>Forgets every entry (after a rebuild has copied them out).</summary>
    public void Clear()
    {
        Array.Clear(_targets, 0, _count);
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(in QueueKey key, object target)
    {
        if (_count == _keys.Capacity)
        {
            _keys.Grow();
            Array.Resize(ref _targets, _targets.Length * 2);
        }
        var keys = _keys.Items;
        var targets = _targets;
        int i = _count++;
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

    /// <summary>Removes the least entry: its key in <paramref name="key"/>, its target returned.
    /// <paramref name="prefetchAhead"/>: also ask for the next entries' objects (worth it only
    /// when the whole queue's objects no longer fit in the cache).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public object Pop(out QueueKey key, bool prefetchAhead = true)
    {
        var keys = _keys.Items;
        var targets = _targets;
        key = keys[0];
        var top = targets[0].Value!;
        int n = --_count;
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
            if (prefetchAhead) PrefetchAhead(keys, targets, n);
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
