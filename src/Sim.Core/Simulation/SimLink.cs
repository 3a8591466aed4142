namespace T2CSim.Core.Simulation;

using T2CSim.Core.Kernel;

/// <summary>
/// A simulated link: transfers in progress share the capacity left by background traffic equally
/// (processor sharing, as TCP flows roughly do), then each delivery waits the propagation latency.
/// Two equal transfers started together each take twice as long as one alone.
/// </summary>
public sealed class SimLink
{
    private sealed class Transfer(long bytes, Event delivered)
    {
        public readonly long Bytes = bytes;
        public double RemainingBits = bytes * 8.0;
        public readonly Event Delivered = delivered;
        // Rounding in the clock must not leave a transfer a hair short of done forever.
        public bool Done => RemainingBits <= 1e-3 + Bytes * 8e-9;
    }

    private readonly Simulation _sim;
    private readonly List<Transfer> _active = [];
    private readonly Queue<(double TimeS, long Bytes)> _recent = new();
    private double _lastUpdateS;
    private int _version;

    public SimLink(Simulation sim, string name, double capacityBps, double propagationS, double backgroundBps)
    {
        _sim = sim;
        Name = name;
        CapacityBps = capacityBps;
        PropagationS = propagationS;
        BackgroundBps = backgroundBps;
    }

    public string Name { get; }
    public double CapacityBps { get; private set; }
    public double PropagationS { get; }
    public double BackgroundBps { get; private set; }
    /// <summary>Data-plane bytes delivered so far (the data-plane throughput metric).</summary>
    public long BytesDelivered { get; private set; }
    public int ActiveTransfers => _active.Count;

    /// <summary>Sends `bytes`; the event fires when they have arrived at the other end.</summary>
    public Event Send(long bytes)
    {
        var delivered = _sim.Event();
        if (bytes <= 0)
        {
            _sim.Schedule(PropagationS, () => delivered.Succeed());
            return delivered;
        }
        Advance();
        _active.Add(new Transfer(bytes, delivered));
        Reschedule();
        return delivered;
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
        while (_recent.Count > 0 && _recent.Peek().TimeS < from) _recent.Dequeue();
        long bytes = 0;
        foreach (var (_, b) in _recent) bytes += b;
        return BackgroundBps + bytes * 8.0 / windowS;
    }

    private double RatePerTransfer => _active.Count == 0 ? 0 : Math.Max(0, CapacityBps - BackgroundBps) / _active.Count;

    private void Advance()
    {
        double elapsed = _sim.Now - _lastUpdateS;
        _lastUpdateS = _sim.Now;
        if (elapsed <= 0 || _active.Count == 0) return;
        double sent = elapsed * RatePerTransfer;
        foreach (var t in _active) t.RemainingBits -= sent;
    }

    // Finish times change whenever a transfer starts or ends or the capacity changes: a version
    // number lets the earlier completion callbacks see they are stale and do nothing.
    private void Reschedule()
    {
        int version = ++_version;
        double rate = RatePerTransfer;
        if (_active.Count == 0 || rate <= 0) return;
        double least = double.MaxValue;
        foreach (var t in _active) least = Math.Min(least, t.RemainingBits);
        _sim.Schedule(Math.Max(0, least / rate), () =>
        {
            if (version != _version) return;
            Advance();
            for (int i = 0; i < _active.Count; i++)
            {
                var t = _active[i];
                if (!t.Done) continue;
                _active.RemoveAt(i--);
                Deliver(t);
            }
            Reschedule();
        });
    }

    private void Deliver(Transfer t)
    {
        BytesDelivered += t.Bytes;
        _recent.Enqueue((_sim.Now, t.Bytes));
        _sim.Schedule(PropagationS, () => t.Delivered.Succeed());
    }
}
