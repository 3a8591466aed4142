namespace T2CSim.Core.Collections;

using System.Collections;
using System.Runtime.CompilerServices;

/// <summary>
/// An append-only list kept in fixed-size chunks, read in the order it was appended. A
/// <see cref="List{T}"/> doubles its array as it grows: past 85,000 bytes each new array is on the
/// large object heap, whose allocations count towards (and trigger) full GCs, and the run's logs grow
/// for the whole run (docs/topology.md, "Scale"). Here every chunk stays below that size and is never
/// copied once full; only the first grows like a list's array, so a short run's or a test's list stays small.
/// </summary>
public sealed class ChunkedList<T> : IReadOnlyList<T>
{
    // The largest power of two of elements under the large object heap's threshold (85,000 bytes,
    // with room for the array's header): 8,192 references, 512 of a 88-byte struct.
    private static readonly int ChunkBits = BitsFor(Unsafe.SizeOf<T>());
    private static readonly int ChunkSize = 1 << ChunkBits;
    private const int FirstChunk = 4;

    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    /// <summary>Elements per full chunk (for tests: the chunk boundaries).</summary>
    public static int ElementsPerChunk => ChunkSize;

    public T this[int index] => ItemRef(index);

    /// <summary>The element itself, to be written in place (a log's row filled in as its request goes on).</summary>
    public ref T ItemRef(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
        return ref _chunks[index >> ChunkBits][index & (ChunkSize - 1)];
    }

    public void Add(T item)
    {
        int index = Count;
        int chunk = index >> ChunkBits;
        if (chunk == _chunks.Count) _chunks.Add(new T[chunk == 0 ? Math.Min(FirstChunk, ChunkSize) : ChunkSize]);
        else if (chunk == 0 && index == _chunks[0].Length)
        {
            var grown = _chunks[0];
            Array.Resize(ref grown, Math.Min(ChunkSize, grown.Length * 2));
            _chunks[0] = grown;
        }
        _chunks[chunk][index & (ChunkSize - 1)] = item;
        Count = index + 1;
    }

    public Enumerator GetEnumerator() => new(this);
    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static int BitsFor(int elementSize)
    {
        const int limit = 85_000 - 64;
        int bits = 0;
        while (((long)elementSize << (bits + 1)) <= limit) bits++;
        return bits;
    }

    /// <summary>Appended order, up to the count when the enumeration began (later appends are not visited).</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly ChunkedList<T> _list;
        private readonly int _count;
        private int _index;

        internal Enumerator(ChunkedList<T> list)
        {
            _list = list;
            _count = list.Count;
            _index = -1;
        }

        public readonly T Current => _list._chunks[_index >> ChunkBits][_index & (ChunkSize - 1)];
        readonly object? IEnumerator.Current => Current;
        public bool MoveNext() => ++_index < _count;
        public void Reset() => _index = -1;
        public readonly void Dispose() { }
    }
}
