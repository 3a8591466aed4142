namespace T2CSim.Hardware.Transport;

using System.Collections.Concurrent;
using System.Diagnostics;
using NetMQ;
using NetMQ.Sockets;
using T2CSim.Hardware.Security;

/// <summary>
/// The sending end of one emulated link, in user space: frames leave in order, each occupying the
/// link for bytes x 8 / rate after the one before (a token bucket whose burst is one frame), and is
/// handed to the socket a propagation delay after its last bit (the kernel here has no netem, so
/// delay always lives in user space). Transmission is pipelined: a frame's delay does not hold back
/// the next frame's transmission. Rate 0 means unshaped. One thread owns the PUSH socket.
///
/// On the namespace testbed the kernel serialises instead (tc tbf at the link's rate, a bucket of one
/// Ethernet frame, <see cref="T2CSim.Hardware.Testbed.TestbedNetwork.BurstBytes"/>): a full bucket lets the first
/// min(frame, bucket) bytes of an idle link through at once, and every frame of a busy period that
/// much early. With <c>kernelBurstBytes</c> &gt; 0 this thread therefore only holds each frame for that
/// lead, min(bytes + one packet's headers, bucket) x 8 / rate, plus the propagation delay: the kernel
/// does the rest, and a frame of any size then takes its serialisation time, as on loopback.
///
/// It also measures what crossed: bytes so far and throughput over a sliding window, which the agent
/// reports in its status (the resource monitor's measured throughput n).
///
/// Bounded: at most <see cref="MaxQueuedFrames"/> frames and <see cref="MaxQueuedBytes"/> bytes wait;
/// a frame past either is dropped at once and counted (<see cref="Dropped"/>), so a flood of jobs
/// costs the sender no unbounded memory. With a <see cref="PeerLink"/> the socket is a CURVE client
/// pinned to the receiver's key and every frame is sealed (docs/security.md).
/// </summary>
public sealed class LinkShaper : IDisposable
{
    private readonly BlockingCollection<(byte[] Frame, MessageKind Kind, double QueuedS, bool Counted)> _queue = new();
    private readonly Thread _thread;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Queue<(double TimeS, int Bytes)> _recent = new();
    private readonly object _gate = new();
    private readonly PlaneCounters? _counters;
    private readonly Action<string> _log;
    private readonly PeerLink? _peer;
    private double _rateBps;
    private long _bytesSent, _queuedBytes, _dropped;
    private volatile bool _abandoned;

    public const int MaxQueuedFrames = 1000;
    public const long MaxQueuedBytes = 64L << 20;

    /// <summary>Ethernet, IPv4 and TCP (with timestamps) headers of one packet: 14 + 20 + 32 bytes.</summary>
    public const int PacketHeaderBytes = 66;

    /// <param name="kernelBurstBytes">0: serialise in user space at <paramref name="rateBps"/>. Otherwise the
    /// kernel shapes at that rate with a bucket of this many bytes, and only its lead is paid here.</param>
    public LinkShaper(string endpoint, double rateBps, double propagationS, PlaneCounters? counters = null, Action<string>? log = null, PeerLink? peer = null, int kernelBurstBytes = 0)
    {
        _peer = peer;
        Endpoint = endpoint;
        _rateBps = rateBps;
        KernelBurstBytes = kernelBurstBytes;
        PropagationS = propagationS;
        _counters = counters;
        _log = log ?? (_ => { });
        _thread = new Thread(Run) { IsBackground = true, Name = "link " + endpoint };
        _thread.Start();
    }

    public string Endpoint { get; }
    /// <summary>The kernel shaper's bucket (bytes) whose lead this link pays; 0: the rate is shaped here.</summary>
    public int KernelBurstBytes { get; }
    public double PropagationS { get; }
    public double RateBps { get { lock (_gate) return _rateBps; } set { lock (_gate) _rateBps = value; } }
    public long BytesSent => Interlocked.Read(ref _bytesSent);
    public int Queued => _queue.Count;
    /// <summary>Frames refused because the queue was full (frames or bytes).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <param name="counted">False: the frame is shaped and sent like any other but left out of the byte
    /// counters and the throughput (a warm-up frame, docs/hardware.md).</param>
    /// <returns>False when the frame was dropped: the link's queue is full.</returns>
    public bool Send(byte[] frame, MessageKind kind, bool counted = true)
    {
        try { return Enqueue(frame, kind, counted); }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException) { return false; } // disposed: the next hop changed
    }

    private bool Enqueue(byte[] frame, MessageKind kind, bool counted)
    {
        if (_queue.IsAddingCompleted) return false;
        if (_queue.Count >= MaxQueuedFrames || Interlocked.Read(ref _queuedBytes) + frame.Length > MaxQueuedBytes)
        {
            if (Interlocked.Increment(ref _dropped) is var n && (n & (n - 1)) == 0)
                _log($"link to {Endpoint}: queue full ({_queue.Count} frames, {Interlocked.Read(ref _queuedBytes)} bytes); {n} frames dropped so far");
            return false;
        }
        Interlocked.Add(ref _queuedBytes, frame.Length);
        _queue.Add((frame, kind, _clock.Elapsed.TotalSeconds, counted));
        return true;
    }

    /// <summary>Throughput of the frames delivered over the last `windowS` seconds, bits/s.</summary>
    public double ThroughputBps(double windowS = 5)
    {
        lock (_gate)
        {
            double from = _clock.Elapsed.TotalSeconds - windowS;
            while (_recent.Count > 0 && _recent.Peek().TimeS < from) _recent.Dequeue();
            long bytes = 0;
            foreach (var (_, b) in _recent) bytes += b;
            return bytes * 8.0 / windowS;
        }
    }

    private void Run()
    {
        using var socket = new PushSocket();
        socket.Options.Linger = TimeSpan.FromSeconds(1);
        socket.Options.SendHighWatermark = 10_000;
        _peer?.ConfigureClient(socket);
        socket.Connect(Endpoint);
        double busyUntil = 0;
        foreach (var (plain, kind, queued, counted) in _queue.GetConsumingEnumerable())
        {
            if (_abandoned) break;
            Interlocked.Add(ref _queuedBytes, -plain.Length);
            var frame = _peer is null ? plain : _peer.Seal.Seal(plain);
            // Timed from when the frame was handed over, not from when this thread got to it: a
            // frame's propagation delay then never holds back the next frame's transmission.
            double rate = RateBps;
            double txEnd = KernelBurstBytes > 0
                ? queued + (rate > 0 ? KernelLeadS(frame.Length, rate, KernelBurstBytes) : 0)
                : Math.Max(queued, busyUntil) + (rate > 0 ? frame.Length * 8.0 / rate : 0);
            busyUntil = txEnd;
            SleepUntil(txEnd + PropagationS);
            if (!socket.TrySendFrame(TimeSpan.FromSeconds(5), frame))
            {
                _log($"link to {Endpoint}: send timed out, frame of {frame.Length} bytes dropped");
                continue;
            }
            if (!counted) continue;
            _counters?.Sent(kind, frame.Length);
            Interlocked.Add(ref _bytesSent, frame.Length);
            lock (_gate) _recent.Enqueue((_clock.Elapsed.TotalSeconds, frame.Length));
        }
    }

    /// <summary>What a full token bucket of <paramref name="burstBytes"/> lets a frame skip: its first packet's time on the wire.</summary>
    public static double KernelLeadS(int frameBytes, double rateBps, int burstBytes) =>
        Math.Min(frameBytes + PacketHeaderBytes, burstBytes) * 8.0 / rateBps;

    private void SleepUntil(double timeS) => PreciseSleep.Until(_clock, timeS);

    public void Dispose()
    {
        _queue.CompleteAdding();
        // Frames still queued get 5 s to leave; past that (a dead or slow peer) the thread drops them
        // and ends on its own. The queue is disposed only once the thread no longer reads it.
        if (_thread.Join(TimeSpan.FromSeconds(5))) _queue.Dispose();
        else _abandoned = true;
    }
}
