namespace T2CSim.Experiments.Commands.Bench;

using System.Diagnostics.Tracing;

/// <summary>
/// `t2c bench scale --large-objects N`: which types the run allocates on the large object heap (arrays
/// over 85,000 bytes), from the runtime's own allocation events, sampled as the runtime samples them (an
/// event about every 100 KB of large objects, naming the one that crossed it). Large allocations count
/// towards full GCs, which at 10,000 devices trace a heap of most of a gigabyte: this is how the status
/// reports' per-period link arrays and the logs' doubling lists were found (docs/topology.md, "Scale").
/// </summary>
internal sealed class LargeObjectAllocations : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<(string Type, long Bytes), int> _seen = [];

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null || e.PayloadNames is null) return;
        // AllocationKind 1: the large object heap (0 small, 2 pinned).
        if (Convert.ToUInt32(Field(e, "AllocationKind")) != 1) return;
        string type = Field(e, "TypeName")?.ToString() ?? "?";
        long bytes = Field(e, "ObjectSize") is { } size ? Convert.ToInt64(size) : 0;
        lock (_seen) _seen[(type, bytes)] = _seen.GetValueOrDefault((type, bytes)) + 1;
    }

    private static object? Field(EventWrittenEventArgs e, string name) =>
        e.PayloadNames!.IndexOf(name) is int i and >= 0 ? e.Payload![i] : null;

    /// <summary>The `top` most sampled (type, size) pairs since the last call, most sampled first; then forgets them.</summary>
    public IReadOnlyList<(string Type, long Bytes, int Samples)> TakeTop(int top)
    {
        lock (_seen)
        {
            var rows = _seen.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Type, StringComparer.Ordinal).ThenBy(kv => kv.Key.Bytes)
                .Take(top).Select(kv => (kv.Key.Type, kv.Key.Bytes, kv.Value)).ToList();
            _seen.Clear();
            return rows;
        }
    }
}
