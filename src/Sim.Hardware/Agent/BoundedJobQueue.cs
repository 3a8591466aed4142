namespace T2CSim.Hardware.Agent;

using System.Collections.Concurrent;

/// <summary>
/// The agent's queue of work for its single worker thread, bounded in items and in bytes: work past
/// either bound is refused at once (never waited for, so the network threads never block) and counted
/// in <see cref="Dropped"/>. Jobs arriving faster than the worker computes them are thus shed at the
/// door instead of piling up in memory (a flood of valid Jobs once queued 1,500 and grew latency 7x).
/// </summary>
public sealed class BoundedJobQueue<T>(int maxItems, long maxBytes) : IDisposable
{
    private readonly BlockingCollection<(T Item, int Bytes)> _items = new(maxItems);
    private long _bytes, _dropped;

    public int MaxItems { get; } = maxItems;
    public long MaxBytes { get; } = maxBytes;
    public int Count => _items.Count;
    public long Bytes => Interlocked.Read(ref _bytes);
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues the item unless a bound would be passed; false (and counted) when refused.</summary>
    public bool TryAdd(T item, int bytes)
    {
        bool added = false;
        if (Interlocked.Add(ref _bytes, bytes) <= MaxBytes)
        {
            try { added = _items.TryAdd((item, bytes)); }
            catch (InvalidOperationException) { } // completed: the agent is stopping
        }
        if (added) return true;
        Interlocked.Add(ref _bytes, -bytes);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Items as they come, until <see cref="Complete"/>; blocks while empty.</summary>
    public IEnumerable<T> Consume()
    {
        foreach (var (item, bytes) in _items.GetConsumingEnumerable())
        {
            Interlocked.Add(ref _bytes, -bytes);
            yield return item;
        }
    }

    public void Complete() => _items.CompleteAdding();

    public void Dispose() => _items.Dispose();
}
