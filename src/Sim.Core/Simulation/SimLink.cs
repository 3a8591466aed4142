namespace T2CSim.Core.Simulation;

using T2CSim.Core.Kernel;

/// <summary>
/// A simulated link: transfers in progress share the capacity left by background traffic equally
/// (processor sharing, as TCP flows roughly do), then each delivery waits the propagation latency.
/// Two equal transfers started together each take twice as long as one alone.
/// <para>
/// Cost: O(log n) per transfer, n the transfers in progress. Under overload n grows without bound
/// (at 10,000x the sensor links held over 100,000), so nothing may walk every transfer. Because the
/// share is equal, every transfer in progress has received the same bits since any instant: the
/// link keeps one counter, the bits each transfer has received since the link was last empty
/// (<c>_servedBits</c>), and a transfer remembers the value that counter will have when it is done
/// (<c>FinishBits</c>). Its remaining bits are the difference; the next to finish is the least
/// FinishBits, at the top of a heap.
/// </para>
/// <para>
/// In order (<c>inOrder</c>, a testbed description's <c>links[].in_order</c>): the link is a FIFO, as
/// the testbeds' shapers are. One frame is on the wire at a time, at the whole free rate; the others
/// wait their turn in a queue. It is processor sharing with one transfer admitted, so capacity and
/// background changes act on the frame on the wire the same way.
/// </para>
/// </summary>
public sealed class SimLink
{
    // A transfer in progress: what it sends and what to succeed when done. Its FinishBits and start
    // Order are its priority in the heap, stored beside it in the heap's array: a value, not an
    // object, because under overload the sensor links hold over 100,000 transfers at a time, and an
    // object each was 48 bytes more for every collection to copy and mark.
    private readonly record struct Transfer(long Bytes, Event Delivered);

    private readonly Simulation _sim;
    // Least FinishBits first; the start order breaks ties so the heap's order is total.
    private readonly PriorityQueue<Transfer, (double FinishBits, long Order)> _active = new();
    private readonly List<(Transfer Transfer, (double FinishBits, long Order) Key)> _finishing = [];
    private readonly bool _inOrder;
    // In order: the frames waiting for the wire, with their delivery events, in sending order.
    private readonly Queue<(long Bytes, Event Delivered)> _waiting = new();
    private readonly Queue<(double TimeS, long Bytes)> _recent = new();
    private long _recentBytes;
    private double _servedBits;
    private long _largestBytes;
    private long _started;
    private double _lastUpdateS;
    private int _version;
    // Deliveries all wait the same propagation latency, so they fall due in the order they were
    // scheduled (the kernel runs equal times in scheduling order): one queue and one cached callback
    // that succeeds the oldest, instead of a closure and a delegate per transfer.
    private readonly Queue<Event> _propagating = new();
    private readonly Action _arrive;

    public SimLink(Simulation sim, string name, double capacityBps, double propagationS, double backgroundBps, bool inOrder = false)
    {
        _sim = sim;
        _inOrder = inOrder;
        Name = name;
        CapacityBps = capacityBps;
        PropagationS = propagationS;
        BackgroundBps = backgroundBps;
        _arrive = () => _propagating.Dequeue().Succeed();
    }

    public string Name { get; }
    public double CapacityBps { get; private set; }
    public double PropagationS { get; }
    public double BackgroundBps { get; private set; }
    /// <summary>Data-plane bytes delivered so far (the data-plane throughput metric).</summary>
    public long BytesDelivered { get; private set; }
    public int ActiveTransfers => _active.Count + _waiting.Count;

    /// <summary>Sends `bytes`; the event fires when they have arrived at the other end.</summary>
    public Event Send(long bytes)
    {
        var delivered = _sim.Event();
        if (bytes <= 0)
        {
            Propagate(delivered);
            return delivered;
        }
        Advance();
        if (_inOrder && (_active.Count > 0 || _waiting.Count > 0))
        {
            _waiting.Enqueue((bytes, delivered));
            return delivered;
        }
        Start(bytes, delivered);
        Reschedule();
        return delivered;
    }

    private void Start(long bytes, Event delivered)
    {
        // An idle link starts counting afresh: the counter stays small and its rounding with it.
        if (_active.Count == 0) _servedBits = 0;
        _largestBytes = Math.Max(_largestBytes, bytes);
        _active.Enqueue(new Transfer(bytes, delivered), (_servedBits + bytes * 8.0, _started++));
    }

    public void SetCapacity(double capacityBps)
    {
        Advance();
        CapacityBps = capacityBps;
        Reschedule();
    }

    public void SetBackground(double backgroundBps)
    {
        Advance();
        BackgroundBps = backgroundBps;
        Reschedule();
    }

    /// <summary>What an agent measures on the link: background plus our own data over the last window, bits/s.</summary>
    public double MeasuredThroughputBps(double windowS)
    {
        double from = _sim.Now - windowS;
        while (_recent.Count > 0 && _recent.Peek().TimeS < from) _recentBytes -= _recent.Dequeue().Bytes;
        return BackgroundBps + _recentBytes * 8.0 / windowS;
    }

    private double RatePerTransfer => _active.Count == 0 ? 0 : Math.Max(0, CapacityBps - BackgroundBps) / _active.Count;

    private double RemainingBits((double FinishBits, long Order) key) => key.FinishBits - _servedBits;

    // The transfer next to finish: the least FinishBits.
    private (double FinishBits, long Order) LeastKey
    {
        get
        {
            _active.TryPeek(out _, out var key);
            return key;
        }
    }

    // Rounding in the clock must not leave a transfer a hair short of done forever.
    private static double Tolerance(long bytes) => 1e-3 + bytes * 8e-9;

    private void Advance()
    {
        double elapsed = _sim.Now - _lastUpdateS;
        _lastUpdateS = _sim.Now;
        if (elapsed <= 0 || _active.Count == 0) return;
        _servedBits += elapsed * RatePerTransfer;
    }

    // Finish times change whenever a transfer starts or ends or the capacity changes: a version
    // number lets the earlier completion callbacks see they are stale and do nothing.
    private void Reschedule()
    {
        int version = ++_version;
        double rate = RatePerTransfer;
        if (_active.Count == 0 || rate <= 0) return;
        double least = RemainingBits(LeastKey);
        _sim.Schedule(Math.Max(0, least / rate), () =>
        {
            if (version != _version) return;
            Advance();
            DeliverDone();
            // In order: the next frame goes on the wire the moment the last one is off it.
            if (_inOrder && _active.Count == 0 && _waiting.Count > 0)
            {
                var (bytes, delivered) = _waiting.Dequeue();
                Start(bytes, delivered);
            }
            Reschedule();
        });
    }

    /// <summary>
    /// Delivers every transfer within its rounding tolerance of done, in start order. Only
    /// transfers within the largest tolerance can be done, and they sit at the top of the heap.
    /// </summary>
    private void DeliverDone()
    {
        double candidateBits = Tolerance(_largestBytes);
        while (_active.Count > 0 && RemainingBits(LeastKey) <= candidateBits)
        {
            _active.TryDequeue(out var transfer, out var key);
            _finishing.Add((transfer, key));
        }
        if (_finishing.Count == 0) return;
        _finishing.Sort(static (a, b) => a.Key.Order.CompareTo(b.Key.Order));
        foreach (var (t, key) in _finishing)
        {
            if (RemainingBits(key) <= Tolerance(t.Bytes)) Deliver(t);
            else _active.Enqueue(t, key);
        }
        _finishing.Clear();
    }

    private void Deliver(Transfer t)
    {
        BytesDelivered += t.Bytes;
        _recent.Enqueue((_sim.Now, t.Bytes));
        _recentBytes += t.Bytes;
        Propagate(t.Delivered);
    }

    /// <summary>`delivered` succeeds once the data has propagated to the other end.</summary>
    private void Propagate(Event delivered)
    {
        _propagating.Enqueue(delivered);
        _sim.Schedule(PropagationS, _arrive);
    }
}
