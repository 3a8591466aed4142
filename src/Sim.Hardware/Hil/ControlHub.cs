namespace T2CSim.Hardware.Hil;

using System.Collections.Concurrent;
using NetMQ;
using NetMQ.Sockets;
using T2CSim.Hardware.Transport;

/// <summary>
/// The controller's end of the network: a ROUTER socket agents register and report to and receive
/// commands from, and a PULL socket (the result sink) for results and stage reports. One poller
/// thread owns both; other threads send through a queue. Valid messages are handed to the callbacks
/// on the poller thread; invalid frames are logged on one line, counted and dropped.
/// </summary>
public sealed class ControlHub : IDisposable
{
    private readonly RouterSocket _router = new();
    private readonly PullSocket _results = new();
    private readonly NetMQQueue<Action> _outbox = new();
    private readonly NetMQPoller _poller;
    private readonly Sequencer _sequence = new();
    private readonly WireLimits _limits;
    private readonly Action<string> _log;

    /// <summary>Control message from an agent: its ROUTER identity, the envelope, the message.</summary>
    public event Action<byte[], Envelope, IWireMessage>? Control;
    /// <summary>Result-plane message (Result or StageReport).</summary>
    public event Action<Envelope, IWireMessage>? Result;
    /// <summary>The same, with when the frame came off the socket (WireClock ns, before decoding).</summary>
    public event Action<Envelope, IWireMessage, long>? TimedResult;

    /// <param name="port">Control port (results on port + 1); 0: any free ports.</param>
    public ControlHub(string host = "127.0.0.1", WireLimits? limits = null, Action<string>? log = null, int port = 0)
    {
        _limits = limits ?? WireLimits.Default;
        _log = log ?? (line => Console.Error.WriteLine($"[controller] {line}"));
        _router.Options.Linger = TimeSpan.FromSeconds(1);
        _router.Options.RouterMandatory = false;
        _results.Options.ReceiveHighWatermark = 10_000;
        int controlPort = port, resultPort = port + 1;
        if (port == 0)
        {
            controlPort = _router.BindRandomPort($"tcp://{host}");
            resultPort = _results.BindRandomPort($"tcp://{host}");
        }
        else
        {
            _router.Bind($"tcp://{host}:{controlPort}");
            _results.Bind($"tcp://{host}:{resultPort}");
        }
        ControlEndpoint = $"tcp://{host}:{controlPort}";
        ResultEndpoint = $"tcp://{AdvertisedHost ?? host}:{resultPort}";
        _router.ReceiveReady += (_, e) =>
        {
            var msg = new NetMQMessage();
            while (e.Socket.TryReceiveMultipartMessage(ref msg))
            {
                if (msg.FrameCount != 2) { Reject($"control message of {msg.FrameCount} frames"); continue; }
                OnControl(msg[0].ToByteArray(), msg[1].ToByteArray());
            }
        };
        _results.ReceiveReady += (_, e) =>
        {
            while (e.Socket.TryReceiveFrameBytes(out var frame)) OnResult(frame);
        };
        _outbox.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var action, TimeSpan.Zero)) action();
        };
        _poller = new NetMQPoller { _router, _results, _outbox };
        _poller.RunAsync("controller network");
    }

    /// <summary>Host name agents use to reach the result sink when the hub listens on all interfaces.</summary>
    public static string? AdvertisedHost => Environment.GetEnvironmentVariable("T2C_ADVERTISE_HOST");
    public string ControlEndpoint { get; }
    public string ResultEndpoint { get; }
    public PlaneCounters Counters { get; } = new();

    /// <summary>Sends a message to the agent with this ROUTER identity; returns its sequence number. Thread-safe.</summary>
    public ulong Send(byte[] identity, IWireMessage message)
    {
        ulong seq = _sequence.Next();
        var frame = WireCodec.Encode(message, seq);
        SendRaw(identity, frame, message.Kind);
        return seq;
    }

    /// <summary>Sends any bytes (tests use it for garbage). Thread-safe.</summary>
    public void SendRaw(byte[] identity, byte[] frame, MessageKind countAs = MessageKind.Stop)
    {
        _outbox.Enqueue(() =>
        {
            var msg = new NetMQMessage();
            msg.Append(identity);
            msg.Append(frame);
            if (_router.TrySendMultipartMessage(TimeSpan.FromMilliseconds(100), msg)) Counters.Sent(countAs, frame.Length);
        });
    }

    public ulong NextSequence() => _sequence.Next();

    private void OnControl(byte[] identity, byte[] frame)
    {
        try
        {
            var (envelope, message) = WireCodec.Decode(frame, _limits);
            Counters.Received(envelope.Kind, frame.Length);
            Control?.Invoke(identity, envelope, message);
        }
        catch (WireFormatException e) { Reject($"control frame of {frame.Length} bytes: {e.Reason}"); }
    }

    private void OnResult(byte[] frame)
    {
        long received = WireClock.NowNs();
        try
        {
            var (envelope, message) = WireCodec.Decode(frame, _limits);
            if (MessageKinds.PlaneOf(envelope.Kind) != Plane.Result) throw new WireFormatException($"{envelope.Kind} on the result sink");
            Counters.Received(envelope.Kind, frame.Length);
            Result?.Invoke(envelope, message);
            TimedResult?.Invoke(envelope, message, received);
        }
        catch (WireFormatException e) { Reject($"result frame of {frame.Length} bytes: {e.Reason}"); }
    }

    private void Reject(string what)
    {
        Counters.Rejected();
        _log($"rejected {what}");
    }

    public void Dispose()
    {
        // Let queued sends (a last Stop to every agent) leave before the poller stops.
        var flushed = new ManualResetEventSlim();
        _outbox.Enqueue(flushed.Set);
        flushed.Wait(TimeSpan.FromSeconds(2));
        _poller.Stop();
        _poller.Dispose();
        _router.Dispose();
        _results.Dispose();
        _outbox.Dispose();
    }
}
