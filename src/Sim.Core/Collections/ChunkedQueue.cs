namespace T2CSim.Core.Collections;

using System.Runtime.CompilerServices;

/// <summary>
/// A first-in first-out queue kept in chunks below the large object heap (as <see cref="ChunkedList{T}"/>):
/// a <see cref="Queue{T}"/> doubles one array, and the scaling factors' log, which holds every stage of a
/// window (half a million entries at 10,000 devices), doubled it up to 12.6 MB on the large object heap.
/// A drained chunk is kept for the next one, so a queue whose length is steady allocates nothing.
/// </summary>
public sealed class ChunkedQueue<T>
{
    private static readonly int ChunkSize = 1 << ChunkedList<T>.BitsFor(Unsafe.SizeOf<T>());

    private readonly Queue<T[]> _chunks = new();
    // The first and last chunks of _chunks, at hand: the scaling factors peek at the head for every prediction.
    private T[]? _headChunk;
    private T[]? _tail;
    private int _tailCount;
    private int _head;
    private T[]? _spare;

    public int Count { get; private set; }

    public void Enqueue(T item)
    {
        if (_tail is null || _tailCount == _tail.Length)
        {
            _tail = _spare ?? new T[ChunkSize];
            _spare = null;
            _chunks.Enqueue(_tail);
            _headChunk ??= _tail;
            _tailCount = 0;
        }
        _tail[_tailCount++] = item;
        Count++;
    }

    /// <summary>The oldest entry, left in the queue.</summary>
    public T Peek()
    {
        if (Count == 0) throw new InvalidOperationException("the queue is empty");
        return _headChunk![_head];
    }

    public T Dequeue()
    {
        if (Count == 0) throw new InvalidOperationException("the queue is empty");
        var chunk = _headChunk!;
        T item = chunk[_head];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) chunk[_head] = default!;
        _head++;
        Count--;
        if (Count == 0)
        {
            // Emptied: the head chunk is the tail; start it again from its beginning.
            _head = 0;
            _tailCount = 0;
        }
        else if (_head == chunk.Length)
        {
            _chunks.Dequeue();
            _spare = chunk;
            _headChunk = _chunks.Peek();
            _head = 0;
        }
        return item;
    }
}
