using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace T2CSim.Core.Kernel;

/// <summary>
/// Where a <see cref="KeyHeap"/>'s targets live: each target stays in one slot of a pool from its
/// push to its pop, and the heap moves the slot's number (an int, in <see cref="At"/>, parallel
/// to the keys) instead of the reference. Moving a reference within a managed array costs a GC
/// write barrier per move (a call that checks the generation and marks a card); a push into a sorted
/// run of ten moves about five entries, a heap's sift moves one per level, and those barriers were
/// about a tenth of the time of ten concurrent timeouts (docs/kernel.md, sixth pass). Now a push
/// stores its reference once and a pop clears it once.
/// <para>
/// The free slots are a stack in <c>_free[0 .. Capacity - live)</c>, live being the number of
/// entries: a push takes the top, a pop puts its slot back on top. The ints are native memory (no
/// bounds checks, nothing for the GC to see); the finalizer frees them.
/// </para>
/// </summary>
internal sealed unsafe class TargetSlots
{
    private TargetRef[] _targets;
    private int* _free;

    public TargetSlots(int capacity)
    {
        Capacity = capacity;
        _targets = new TargetRef[capacity];
        At = (int*)NativeMemory.Alloc((nuint)capacity, sizeof(int));
        _free = (int*)NativeMemory.Alloc((nuint)capacity, sizeof(int));
        // Slot 0 on top: the first entries use the start of the pool.
        for (int i = 0; i < capacity; i++) _free[i] = capacity - 1 - i;
    }

    ~TargetSlots()
    {
        NativeMemory.Free(At);
        NativeMemory.Free(_free);
    }

    public int Capacity { get; private set; }

    /// <summary>The slot of the entry at each heap (or run) position; valid until the next Grow.</summary>
    public int* At { get; private set; }

    /// <summary>Stores <paramref name="target"/> in a free slot and returns its number;
    /// <paramref name="live"/> = entries before this one (below Capacity).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Take(object target, int live)
    {
        int slot = _free[Capacity - live - 1];
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_targets), slot).Value = target;
        return slot;
    }

    /// <summary>Empties <paramref name="slot"/> and returns what it held; <paramref name="live"/> =
    /// entries left after this one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public object Release(int slot, int live)
    {
        ref var cell = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_targets), slot);
        var target = cell.Value!;
        cell.Value = null; // let the event be collected once processed
        _free[Capacity - live - 1] = slot;
        return target;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public object? Get(int slot) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_targets), slot).Value;

    /// <summary>Doubles the pool; only when every slot is in use (the free stack is empty).</summary>
    public void Grow()
    {
        int old = Capacity, capacity = old * 2;
        Array.Resize(ref _targets, capacity);
        var at = (int*)NativeMemory.Alloc((nuint)capacity, sizeof(int));
        Buffer.MemoryCopy(At, at, (long)old * sizeof(int), (long)old * sizeof(int));
        NativeMemory.Free(At);
        At = at;
        NativeMemory.Free(_free);
        _free = (int*)NativeMemory.Alloc((nuint)capacity, sizeof(int));
        // The new slots old .. capacity - 1 are the free ones, the lowest on top.
        for (int i = 0; i < old; i++) _free[i] = capacity - 1 - i;
        Capacity = capacity;
    }
}
