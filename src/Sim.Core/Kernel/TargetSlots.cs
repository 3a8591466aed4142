using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace T2CSim.Core.Kernel;

/// <summary>
/// Where a <see cref="KeyHeap"/>'s targets live: each target stays in one slot of a pool from its
/// push to its pop, and the heap moves the slot's number (an int, in <see cref="At"/>, parallel
/// to the keys) instead of the reference. Moving a reference within a managed array costs a GC
/// write barrier per move (a call that checks the generation and marks a card); a push into a sorted
/// run of ten moves about five entries, a heap's sift moves one per level. Now a push stores its
/// reference once and a pop clears it once.
/// <para>
/// <see cref="At"/> is a permutation of the slots over all positions, not only the occupied
/// ones: the positions outside the heap (or the sorted run) hold the free slots. So a push takes
/// the slot found at the position it first occupies (the end of the run or the heap), and a pop
/// leaves its slot where the heap's layout makes room: no free list to maintain. Every move of the
/// heap keeps the permutation (it moves a hole, and the hole's slot goes where the moved entry
/// was). The ints are native memory (no bounds checks, nothing for the GC to see); the finalizer
/// frees them.
/// </para>
/// </summary>
internal sealed unsafe class TargetSlots
{
    private TargetRef[] _targets;

    public TargetSlots(int capacity)
    {
        Capacity = capacity;
        _targets = new TargetRef[capacity];
        At = (int*)NativeMemory.Alloc((nuint)capacity, sizeof(int));
        for (int i = 0; i < capacity; i++) At[i] = i;
    }

    ~TargetSlots() => NativeMemory.Free(At);

    public int Capacity { get; private set; }

    /// <summary>The slot at each position; valid until the next Grow.</summary>
    public int* At
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get;
        private set;
    }

    /// <summary>Stores <paramref name="target"/> in the (free) slot at <paramref name="position"/>
    /// and returns the slot's number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Take(object target, int position)
    {
        int slot = At[position];
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_targets), slot).Value = target;
        return slot;
    }

    /// <summary>Empties <paramref name="slot"/> and returns what it held.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public object Release(int slot)
    {
        ref var cell = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_targets), slot);
        var target = cell.Value!;
        cell.Value = null; // let the event be collected once processed
        return target;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public object? Get(int slot) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_targets), slot).Value;

    /// <summary>Doubles the pool; the new positions hold the new slots.</summary>
    public void Grow()
    {
        int old = Capacity, capacity = old * 2;
        Array.Resize(ref _targets, capacity);
        var at = (int*)NativeMemory.Alloc((nuint)capacity, sizeof(int));
        Buffer.MemoryCopy(At, at, (long)old * sizeof(int), (long)old * sizeof(int));
        for (int i = old; i < capacity; i++) at[i] = i;
        NativeMemory.Free(At);
        At = at;
        Capacity = capacity;
    }
}
