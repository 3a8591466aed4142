using System.Runtime.CompilerServices;

namespace T2CSim.Core.Kernel;

/// <summary>
/// A priority queue of (<see cref="QueueKey"/>, target) pairs with two layouts, chosen by size:
/// <list type="bullet">
/// <item>up to <see cref="SortedMax"/> (32) entries, a <b>sorted run</b> keys[_head .. _head + Count),
/// ascending: a pop takes the front without a single comparison, and a push walks back from the
/// tail to its place, moving the later entries up one. The walk mispredicts once, where it stops;
/// a heap of ten entries mispredicts four or five times per push and pop (which of the siblings is
/// least, and whether to go down a level, are coin tosses with random times), and that was what
/// made ten concurrent timeouts slower than a hundred (docs/kernel.md).</item>
/// <item>beyond it, a 4-ary min-heap: half the depth of a binary heap; sift-down moves a hole
/// instead of swapping. A sorted run at index 0 is already a valid heap, so growing past
/// <see cref="SortedMax"/> only moves the run to the front; shrinking to <see cref="SortedMin"/>
/// sorts the few entries left (hysteresis: at least SortedMax - SortedMin operations between two
/// changes of layout).</item>
/// </list>
/// Both give the same order, the full key's (keys are unique: they hold a sequence number). The
/// 16-byte keys live in cache-line-aligned native memory (<see cref="HeapKeys"/>: a node's four
/// children are one line); the targets sit in a pool that comparisons never read, and the heap
/// moves their slot numbers, ints parallel to the keys, not the references
/// (<see cref="TargetSlots"/>: no GC write barrier per move).
/// <see cref="TimeBuckets"/> uses two: one for the current time bucket, one for the far future.
/// </summary>
internal sealed unsafe class KeyHeap
{
    /// <summary>Largest sorted run; one more entry and the run becomes a heap. A push into a run
    /// of random times moves half the run, so the run pays only while that is cheaper than the
    /// heap's mispredictions. While a move carried the target reference (a GC write barrier per
    /// entry moved), 32 made the machine shop (about 21 pending entries) 15-20% slower than the
    /// heap and the limit was 16; now a move is a key and an int (<see cref="TargetSlots"/>) and at
    /// 32 the shop runs about 10% faster than with the heap (docs/kernel.md, sixth pass).</summary>
    internal const int SortedMax = 32;
    /// <summary>A heap that shrinks to this many entries is sorted into a run again.</summary>
    internal const int SortedMin = 8;
    /// <summary>Smallest run that a push may enter from the front (see <see cref="SortedPush"/>).</summary>
    internal const int FrontWalkMin = 16;

    private readonly HeapKeys _keys = new(256);
    private readonly TargetSlots _slots = new(256);
    private int _count;
    private int _head;          // first entry of the sorted run; 0 in heap layout
    private bool _isHeap;

    public int Count => _count;

    /// <summary>The least key; only valid when Count &gt; 0 (and until the next Push).</summary>
    public ref readonly QueueKey Min
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _keys.Items[_head];
    }

    /// <summary>Entry i in storage (not necessarily sorted) order, for draining in a rebuild.</summary>
    public ref readonly QueueKey KeyAt(int i) => ref _keys.Items[_head + i];

    public object TargetAt(int i) => _slots.Get(_slots.At[_head + i])!;

    /// <summary>Forgets every entry (after a rebuild has copied them out).</summary>
    public void Clear()
    {
        var at = _slots.At;
        for (int i = _head; i < _head + _count; i++) _slots.Release(at[i]);
        _count = 0;
        _head = 0;
        _isHeap = false;
        GC.KeepAlive(_slots);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(in QueueKey key, object target)
    {
        if (_isHeap) HeapPush(in key, target);
        else if (_count < SortedMax && _head + _count < _keys.Capacity) SortedPush(in key, target);
        else PushSlow(in key, target);
    }

    /// <summary>
    /// Insertion into the sorted run, from the nearer end: a key before the run's middle entry walks
    /// forward from the head, moving the earlier entries down one into the free position before the
    /// run (there is one once anything was popped); any other key walks back from the tail, moving
    /// the later entries up. So a push moves at most half the run. In the machine shop, the ten
    /// machines' next parts (minutes away) sit before their ten breakdown timers (hours away): from
    /// the tail every part walked past all the timers. Only from <see cref="FrontWalkMin"/> entries
    /// on: with random times the middle test is a coin toss, a mispredicted branch (15-20 cycles)
    /// half the time, which pays only when it saves a quarter of the run's moves (about two cycles
    /// each) or more; ten timeouts measured 5-10% slower with it (docs/kernel.md, seventh pass).
    /// (head &gt; 0 implies a non-empty run: a pop that empties the run resets head.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SortedPush(in QueueKey key, object target)
    {
        var keys = _keys.Items;
        var at = _slots.At;
        int head = _head;
        if (_count >= FrontWalkMin && head > 0 && key.Before(in keys[head + (_count >> 1)]))
        {
            // The walk stops at the middle entry at the latest: no bound to check.
            int j = head - 1;
            int frontSlot = _slots.Take(target, j); // the free slot just before the run
            while (keys[j + 1].Before(in key))
            {
                keys[j] = keys[j + 1];
                at[j] = at[j + 1];
                j++;
            }
            keys[j] = key;
            at[j] = frontSlot;
            _head = head - 1;
            _count++;
            GC.KeepAlive(_keys);
            GC.KeepAlive(_slots);
            return;
        }
        int i = head + _count++;
        int slot = _slots.Take(target, i); // the free slot at the run's new end
        while (i > head && key.Before(in keys[i - 1]))
        {
            keys[i] = keys[i - 1];
            at[i] = at[i - 1];
            i--;
        }
        keys[i] = key;
        at[i] = slot;
        GC.KeepAlive(_keys); // their finalizers free the memory keys and at point to
        GC.KeepAlive(_slots);
    }

    /// <summary>The run is full or reached the end of the storage: move it to the front, and
    /// either go on as a run or become a heap.</summary>
    private void PushSlow(in QueueKey key, object target)
    {
        MoveRunToFront();
        if (_count < SortedMax) SortedPush(in key, target);
        else
        {
            _isHeap = true; // a sorted run at index 0 satisfies the heap property
            HeapPush(in key, target);
        }
    }

    private void MoveRunToFront()
    {
        if (_head == 0) return;
        var keys = _keys.Items;
        var at = _slots.At;
        for (int i = 0; i < _count; i++)
        {
            keys[i] = keys[_head + i];
            // A swap, not a copy: the free slot goes behind, and At stays a permutation.
            (at[i], at[_head + i]) = (at[_head + i], at[i]);
        }
        _head = 0;
        GC.KeepAlive(_keys);
        GC.KeepAlive(_slots);
    }

    private void HeapPush(in QueueKey key, object target)
    {
        if (_count == _keys.Capacity)
        {
            _keys.Grow();
            _slots.Grow();
        }
        var keys = _keys.Items;
        var at = _slots.At;
        int i = _count++;
        int slot = _slots.Take(target, i); // the free slot just past the heap
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (!key.Before(in keys[parent])) break;
            keys[i] = keys[parent];
            at[i] = at[parent];
            i = parent;
        }
        keys[i] = key;
        at[i] = slot;
        GC.KeepAlive(_keys); // their finalizers free the memory keys and at point to
        GC.KeepAlive(_slots);
    }

    /// <summary>Removes the least entry: its key in <paramref name="key"/>, its target returned.
    /// <paramref name="prefetchAhead"/>: also ask for the next entries' objects (worth it only
    /// when the whole queue's objects no longer fit in the cache).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public object Pop(out QueueKey key, bool prefetchAhead = true)
    {
        if (_isHeap) return HeapPop(out key, prefetchAhead);
        var keys = _keys.Items;
        int head = _head;
        key = keys[head];
        var top = _slots.Release(_slots.At[head]); // the slot stays at head, now outside the run
        if (--_count == 0) _head = 0;
        else
        {
            _head = head + 1;
            if (prefetchAhead) PrefetchNext(keys + head + 1, head + 1, _count);
        }
        GC.KeepAlive(_keys);
        GC.KeepAlive(_slots);
        return top;
    }

    private object HeapPop(out QueueKey key, bool prefetchAhead)
    {
        var keys = _keys.Items;
        var at = _slots.At;
        key = keys[0];
        int n = --_count;
        int topSlot = at[0];
        var top = _slots.Release(topSlot);
        // Sift the last entry down from the root, moving a hole rather than swapping.
        var last = keys[n];
        int lastSlot = at[n];
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
            at[i] = at[best];
            i = best;
        }
        if (i < n)
        {
            keys[i] = last;
            at[i] = lastSlot;
            if (prefetchAhead) PrefetchAhead(keys, at, n);
        }
        at[n] = topSlot; // the freed slot goes to the position the heap gave up
        if (n <= SortedMin) SortHeapIntoRun();
        GC.KeepAlive(_keys); // their finalizers free the memory keys and at point to
        GC.KeepAlive(_slots);
        return top;
    }

    /// <summary>Back to the sorted layout: insertion sort of the few entries left.</summary>
    private void SortHeapIntoRun()
    {
        var keys = _keys.Items;
        var at = _slots.At;
        for (int j = 1; j < _count; j++)
        {
            var key = keys[j];
            int slot = at[j];
            int i = j;
            while (i > 0 && key.Before(in keys[i - 1]))
            {
                keys[i] = keys[i - 1];
                at[i] = at[i - 1];
                i--;
            }
            keys[i] = key;
            at[i] = slot;
        }
        _isHeap = false;
        _head = 0;
        GC.KeepAlive(_keys);
        GC.KeepAlive(_slots);
    }

    /// <summary>The sorted run's version of <see cref="PrefetchAhead"/>: its next two entries are
    /// simply the first two.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchNext(QueueKey* next, int position, int count)
    {
        var at = _slots.At;
        if (QueueKey.KindOf(next->Order) == EntryKind.Fire)
            CachePrefetch.Object(Unsafe.As<Event>(_slots.Get(at[position]))!.FirstListener);
        if (count >= 2) CachePrefetch.Object(_slots.Get(at[position + 1]));
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
    private void PrefetchAhead(QueueKey* keys, int* at, int n)
    {
        if (QueueKey.KindOf(keys[0].Order) == EntryKind.Fire)
            CachePrefetch.Object(Unsafe.As<Event>(_slots.Get(at[0]))!.FirstListener);
        if (n < 2) return;
        CachePrefetch.Object(_slots.Get(at[LeastChild(keys, 1, Math.Min(5, n))]));
    }
}
