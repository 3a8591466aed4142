using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace T2CSim.Core.Kernel;

/// <summary>
/// The heap's keys in native memory aligned to a 64-byte cache line, stored 3 slots in: the
/// children of node i, 4i+1 .. 4i+4, then sit at slots 4(i+1) .. 4(i+1)+3, one whole line of four
/// 16-byte keys. A managed array is only 8-byte aligned, so a node's children straddled two lines
/// most of the time. Keys hold no references, so the GC need not see them; the finalizer frees them.
/// </summary>
internal sealed unsafe class HeapKeys
{
    private const int Offset = 3, LineBytes = 64;
    private QueueKey* _slots;

    public HeapKeys(int capacity)
    {
        _slots = Allocate(capacity);
        Capacity = capacity;
    }

    ~HeapKeys() => NativeMemory.AlignedFree(_slots);

    /// <summary>Key 0, the root; valid until the next Grow. (Forced inline: the run loop reads the
    /// next key through it, and at tier 1 the JIT's inlining budget ran out before it there, leaving a
    /// call per entry.)</summary>
    public QueueKey* Items
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _slots + Offset;
    }

    public int Capacity { get; private set; }

    public void Grow()
    {
        var bigger = Allocate(Capacity * 2);
        Buffer.MemoryCopy(_slots, bigger, (long)(Capacity + Offset) * sizeof(QueueKey), (long)(Capacity + Offset) * sizeof(QueueKey));
        NativeMemory.AlignedFree(_slots);
        _slots = bigger;
        Capacity *= 2;
    }

    private static QueueKey* Allocate(int capacity) =>
        (QueueKey*)NativeMemory.AlignedAlloc((nuint)((capacity + Offset) * sizeof(QueueKey)), LineBytes);
}
