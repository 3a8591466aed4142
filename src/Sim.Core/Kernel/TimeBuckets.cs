using System.Runtime.CompilerServices;

namespace T2CSim.Core.Kernel;

/// <summary>
/// The future entries, in exact (time, Order) order, at O(1) amortised cost per entry: a two-level
/// "bucketed by time" queue (a calendar queue, Brown 1988, whose current bucket is a heap).
/// <list type="bullet">
/// <item>Time is cut into buckets of width w from an origin: entry t belongs to bucket
/// floor(D(t)), D(t) = (t - origin) / w. D is computed the same way for every entry and IEEE
/// rounding is monotonic, so D(a) &lt; D(b) implies a &lt; b: buckets never disagree with the exact
/// order, whatever the rounding.</item>
/// <item>The current bucket (every entry with D &lt; _current + 1, earlier ones included) is a
/// small <see cref="KeyHeap"/>: with a few entries per bucket it is one or two levels, in L1.
/// Equal times and priorities are ordered there, by the full key.</item>
/// <item>The next <c>B - 1</c> buckets are unsorted singly linked lists in one node pool: a push is
/// an O(1) prepend, and a bucket is poured into the heap when it becomes current.</item>
/// <item>Beyond the window (D ≥ _current + B): a second KeyHeap, drained into the buckets as the
/// window slides. A well-chosen w leaves it nearly empty.</item>
/// </list>
/// Width and bucket count are re-chosen (<see cref="Rebuild"/>, O(n log n)) when the queue has
/// doubled or halved, or the buckets are too full, too empty, or the far heap too big; never
/// before as many operations as entries have passed since the last one, so it costs O(log n)
/// amortised at worst. With few entries (or all at one time) there are no buckets (w = ∞) and the
/// structure is exactly the old single heap, until that heap has doubled.
/// Invariant: if Count &gt; 0, the current heap is not empty, so its root is the next entry.
/// </summary>
internal sealed class TimeBuckets
{
    /// <summary>Below this many pending entries a plain heap is as fast: no buckets.</summary>
    private const int MinBucketedCount = 64;
    /// <summary>Target entries per bucket near the front: a 2-3 entry heap per bucket.</summary>
    private const double EntriesPerBucket = 2.0;
    /// <summary>A bucket poured with more entries than this says w is too wide.</summary>
    private const int FullBucket = 32;

    private struct Node
    {
        public QueueKey Key;
        public object? Target;
        public int Next;
    }

    private readonly KeyHeap _current = new();
    private readonly KeyHeap _far = new();

    private Node[] _nodes = new Node[256];
    private int _freeNode = -1;      // head of the free list through Node.Next
    private int _usedNodes;           // nodes ever handed out (the rest of the array is fresh)
    private int[] _heads = [];        // bucket k's list lives at _heads[k & _mask]; -1 = empty
    private int _mask = -1;           // bucket count B - 1; B = 0 (no buckets) while _invWidth = 0
    private int _bucketed;            // entries in the bucket lists

    private double _origin;
    private double _invWidth;         // 1 / w; 0 = no buckets, everything in the current heap
    private long _currentBucket;           // the current bucket's number
    private double _currentEnd = 1;        // _currentBucket + 1: D below this goes to the current heap
    private int _heapOnlyLimit = MinBucketedCount; // without buckets, rebuild when the heap passes this

    // Rebuild bookkeeping: operations and empty buckets skipped since the last rebuild.
    private long _operations;
    private long _emptySkipped;
    private long _poured;

    private int _count;               // all entries: current heap + buckets + far heap

    public int Count => _count;

    /// <summary>The next entry's key; only valid when Count &gt; 0.</summary>
    public ref readonly QueueKey Min
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _current.Min;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Position(double time) => (time - _origin) * _invWidth;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(in QueueKey key, object target)
    {
        _operations++;
        _count++;
        double d = Position(key.Time);
        if (d < _currentEnd)
        {
            _current.Push(in key, target);
            // int.MaxValue while there are buckets: one comparison on the hot path.
            if (_current.Count > _heapOnlyLimit) Rebuild();
        }
        else if (_current.Count == 0)
        {
            // Empty (the invariant says the buckets and far heap are empty too): start the window here.
            _origin = key.Time;
            SetCurrentBucket(0);
            _current.Push(in key, target);
        }
        else if (d < _currentBucket + _mask + 1) AddToBucket((long)d, in key, target);
        else _far.Push(in key, target);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public object Pop(out QueueKey key)
    {
        _operations++;
        _count--;
        // With few entries their objects stay in the cache: prefetching them (a scan of the root's
        // children, a load of the next event's listener) would be pure overhead.
        var target = _current.Pop(out key, prefetchAhead: _count >= MinBucketedCount);
        if (_current.Count == 0 && _count != 0) Refill(); // the rest is in buckets or far
        return target;
    }

    private void AddToBucket(long bucket, in QueueKey key, object target)
    {
        int node = _freeNode;
        if (node >= 0) _freeNode = _nodes[node].Next;
        else
        {
            if (_usedNodes == _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
            node = _usedNodes++;
        }
        ref int head = ref _heads[(int)bucket & _mask];
        ref var n = ref _nodes[node];
        n.Key = key;
        n.Target = target;
        n.Next = head;
        head = node;
        _bucketed++;
    }

    /// <summary>The current heap ran empty: move to the next non-empty bucket and pour it in.</summary>
    private void Refill()
    {
        if (_bucketed == 0)
        {
            // Only far entries: the window is wrong for them. Re-choose it around them.
            Rebuild();
            return;
        }
        var heads = _heads;
        while (true)
        {
            SetCurrentBucket(_currentBucket + 1);
            PullFar();
            ref int head = ref heads[(int)_currentBucket & _mask];
            if (head < 0)
            {
                _emptySkipped++;
                continue;
            }
            int poured = 0;
            for (int node = head; node >= 0;)
            {
                ref var n = ref _nodes[node];
                _current.Push(in n.Key, n.Target!);
                n.Target = null;
                int next = n.Next;
                n.Next = _freeNode;
                _freeNode = node;
                node = next;
                poured++;
            }
            head = -1;
            _bucketed -= poured;
            PrefetchTargets(heads[(int)(_currentBucket + 1) & _mask]);
            _poured++;
            if (NeedsRebuild(poured)) Rebuild();
            return;
        }
    }

    /// <summary>
    /// The heap's own prefetch sees only the current bucket, so the first entries of the next
    /// bucket would arrive cold. When a bucket is poured, the objects of the next one (popped a
    /// couple of entries from now) are asked for. Walking its list costs node loads, but the pool
    /// is small enough to stay in L2 and the out-of-order core overlaps them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchTargets(int node)
    {
        for (; node >= 0; node = _nodes[node].Next) CachePrefetch.Object(_nodes[node].Target);
    }

    /// <summary>The window's end moved to _currentBucket + B: far entries now inside go to their bucket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PullFar()
    {
        double end = _currentBucket + _mask + 1;
        while (_far.Count > 0 && Position(_far.Min.Time) < end)
        {
            var target = _far.Pop(out var key);
            double d = Position(key.Time);
            if (d < _currentEnd) _current.Push(in key, target);
            else AddToBucket((long)d, in key, target);
        }
    }

    private void SetCurrentBucket(long bucket)
    {
        _currentBucket = bucket;
        _currentEnd = bucket + 1;
    }

    private bool NeedsRebuild(int poured)
    {
        int count = Count;
        if (_operations < count) return false;                         // amortisation
        if (count > 2 * (_mask + 1) || 4 * count < _mask + 1) return true; // grew or shrank
        if (poured > FullBucket) return true;                           // w too wide
        if (_far.Count > count / 4) return true;                        // window too narrow
        return _emptySkipped > 8 * _poured + (_mask + 1);               // w too narrow
    }

    /// <summary>
    /// Re-chooses origin, width and bucket count from the pending entries and redistributes them.
    /// Width: twice the mean gap between the entries up to the median (measured from the earliest
    /// one), so the front buckets hold about <see cref="EntriesPerBucket"/> entries and the
    /// window (B ≥ count buckets) reaches well past the median. The median rather than the span,
    /// so that one timer a year away does not stretch every bucket.
    /// </summary>
    private void Rebuild()
    {
        int count = Count;
        var keys = new QueueKey[count];
        var targets = new object[count];
        int k = 0;
        for (int i = 0; i < _current.Count; i++, k++) { keys[k] = _current.KeyAt(i); targets[k] = _current.TargetAt(i); }
        for (int i = 0; i < _far.Count; i++, k++) { keys[k] = _far.KeyAt(i); targets[k] = _far.TargetAt(i); }
        for (int b = 0; b < _heads.Length; b++)
            for (int node = _heads[b]; node >= 0; node = _nodes[node].Next, k++)
            {
                keys[k] = _nodes[node].Key;
                targets[k] = _nodes[node].Target!;
            }
        _current.Clear();
        _far.Clear();
        Array.Clear(_nodes, 0, _usedNodes);
        _usedNodes = 0;
        _freeNode = -1;
        _bucketed = 0;

        var times = new double[count];
        for (int i = 0; i < count; i++) times[i] = keys[i].Time;
        Array.Sort(times);
        double first = times[0];
        int half = count / 2;
        double width = EntriesPerBucket * (times[half] - first) / Math.Max(half, 1);
        if (!(width > 0) || !double.IsFinite(width) || !double.IsFinite(1 / width))
            width = EntriesPerBucket * (times[count - 1] - first) / count;
        if (count <= MinBucketedCount || !(width > 0) || !double.IsFinite(width) || !double.IsFinite(1 / width))
        {
            _invWidth = 0; // no buckets: one heap, until it has doubled
            _mask = -1;
            _heads = [];
            _heapOnlyLimit = Math.Max(MinBucketedCount, 2 * count);
        }
        else
        {
            _invWidth = 1 / width;
            int buckets = (int)Math.Min(1 << 24, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count));
            _heads = new int[buckets];
            Array.Fill(_heads, -1);
            _mask = buckets - 1;
            _heapOnlyLimit = int.MaxValue;
        }
        _origin = first;
        SetCurrentBucket(0);
        _operations = 0;
        _emptySkipped = 0;
        _poured = 0;
        for (int i = 0; i < count; i++)
        {
            double d = Position(keys[i].Time);
            if (d < 1) _current.Push(in keys[i], targets[i]);
            else if (d < _mask + 1) AddToBucket((long)d, in keys[i], targets[i]);
            else _far.Push(in keys[i], targets[i]);
        }
    }
}
