using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace T2CSim.Core.Kernel;

/// <summary>
/// Asks the CPU to start loading an object into the cache before it is needed. Only a hint: it
/// never faults and changes no state, so a stale address (the GC moved the object meanwhile) costs
/// a wasted load and nothing else. A no-op where x86 prefetch is not available.
/// </summary>
internal static class CachePrefetch
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Object(object? target)
    {
        if (!Sse.IsSupported || target is null) return;
        // The reference is the object's address; its fields follow the method-table pointer.
        byte* address = (byte*)Unsafe.As<object, nint>(ref target);
        Sse.Prefetch0(address);
        // Events are 56 to 96 bytes: the second line holds a process's own fields.
        Sse.Prefetch0(address + 64);
    }

    /// <summary>Prefetches the four cache lines (256 bytes) from <paramref name="address"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void FourLines(void* address)
    {
        if (!Sse.IsSupported) return;
        byte* line = (byte*)address;
        Sse.Prefetch0(line);
        Sse.Prefetch0(line + 64);
        Sse.Prefetch0(line + 128);
        Sse.Prefetch0(line + 192);
    }
}
