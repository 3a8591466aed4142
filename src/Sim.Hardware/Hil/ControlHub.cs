namespace T2CSim.Hardware.Hil;

using System.Collections.Concurrent;
using NetMQ;
using NetMQ.Sockets;
using T2CSim.Hardware.Security;
using T2CSim.Hardware.Transport;

/// <summary>
/// The controller's end of the network: a ROUTER socket agents register and report to and receive
/// commands from, and a PULL socket (the result sink) for results and stage reports. One poller
/// thread owns both; other threads send through a queue. Valid messages are handed to the callbacks
/// on the poller thread; invalid frames are logged on one line, counted and dropped.
///
/// With <see cref="ControllerKeys"/> both sockets are CURVE servers with the controller's key, and a
/// frame is accepted only under the seal of a known agent (docs/security.md): a connection's first
/// frame must be a Register sealed by the key of the tier it names, which binds the connection to that
/// tier; a result-plane frame must be sealed by the tier it reports for. Every socket refuses frames
/// over the wire limit before buffering them.
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
    private readonly ControllerKeys? _keys;
    /// <summary>Connections (ROUTER identities) whose Register was sealed by a tier's key: that tier. Poller thread only.</summary>
    private readonly Dictionary<string, int> _authenticated = new(StringComparer.Ordinal);
    private long _logged;

    /// <summary>Control message from an agent: its ROUTER identity, the envelope, the message.</summary>
    public event Action<byte[], Envelope, IWireMessage>? Control;
    /// <summary>Result-plane message (Result or StageReport).</summary>
    public event Action<Envelope, IWireMessage>? Result;
    /// <summary>The same, with when the frame came off the socket (WireClock ns, before decoding).</summary>
    public event Action<Envelope, IWireMessage, long>? TimedResult;

    /// <param name="port">Control port (results on port + 1); 0: any free ports.</param>
    /// <param name="keys">Null: no CURVE and no seals (`--insecure`, for measuring their cost).</param>
    public ControlHub(string host = "127.0.0.1", WireLimits? limits = null, Action<string>? log = null, int port = 0, ControllerKeys? keys = null)
    {
        _limits = limits ?? WireLimits.Default;
        _log = log ?? (line => Console.Error.WriteLine($"[controller] {line}"));
        _keys = keys;
        _results.Options.ReceiveHighWatermark = 1_000;
        foreach (var socket in new NetMQSocket[] { _router, _results })
        {
            SocketGuard.Bound(socket, Math.Min(_limits.MaxMessageBytes, WireLimits.MaxControlMessageBytes));
            if (keys is not null) SocketGuard.ConfigureServer(socket, keys.Own);
        }
        _router.Options.Linger = TimeSpan.FromSeconds(1);
        _router.Options.RouterMandatory = false;
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
    public bool Secure => _keys is not null;

    /// <summary>The sensor's authenticated link into this tier's data socket; null when insecure.</summary>
    public PeerLink? LinkToAgent(int tier) => _keys?.LinkTo(tier);

    /// <summary>Public keys (no secret: anyone may know them); null when insecure.</summary>
    public byte[]? ControllerPublicKey => _keys?.Own.PublicKey;
    public byte[]? AgentPublicKey(int tier) => _keys?.Agents[tier].PublicKey;

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
            if (_keys is not null) frame = Authenticate(identity, frame);
            var (envelope, message) = WireCodec.Decode(frame, _limits);
            Counters.Received(envelope.Kind, frame.Length);
            Control?.Invoke(identity, envelope, message);
        }
        catch (WireFormatException e) { Reject($"control frame of {frame.Length} bytes: {e.Reason}"); }
    }

    /// <summary>
    /// The stage position each agent (in key order: node order) reports its results and stage reports
    /// at; null: the agent's index (the chain). On a tree a node's position is its place on the paths
    /// through it (AgentDirectory.Positions), so a device agent's results say tier 0.
    /// </summary>
    public IReadOnlyList<int>? AgentPositions { get; set; }

    private int PositionOf(int agent) => AgentPositions is { } p && agent >= 0 && agent < p.Count ? p[agent] : agent;

    private void OnResult(byte[] frame)
    {
        long received = WireClock.NowNs();
        try
        {
            int sealedBy = -1;
            if (_keys is not null) (sealedBy, frame) = OpenFromAnyAgent(frame);
            var (envelope, message) = WireCodec.Decode(frame, _limits);
            if (MessageKinds.PlaneOf(envelope.Kind) != Plane.Result) throw new WireFormatException($"{envelope.Kind} on the result sink");
            int tier = message switch { ResultMessage r => r.TierIndex, StageReportMessage s => s.TierIndex, _ => -1 };
            if (_keys is not null && tier != PositionOf(sealedBy)) throw new WireFormatException($"{envelope.Kind} for tier {tier} sealed by the agent of tier {sealedBy}");
            Counters.Received(envelope.Kind, frame.Length);
            Result?.Invoke(envelope, message);
            TimedResult?.Invoke(envelope, message, received);
        }
        catch (WireFormatException e) { Reject($"result frame of {frame.Length} bytes: {e.Reason}"); }
    }

    /// <summary>
    /// A control frame's seal: the tier this connection registered as, or for a new connection a
    /// Register sealed by the key of the tier it names. Returns the frame without its seal.
    /// </summary>
    private byte[] Authenticate(byte[] identity, byte[] frame)
    {
        string connection = Convert.ToHexString(identity);
        if (_authenticated.TryGetValue(connection, out int tier))
        {
            if (!_keys!.SealOf(tier)!.TryOpen(frame, out var body)) throw new WireFormatException($"not sealed by the agent of tier {tier} that registered on this connection");
            return body;
        }
        var (sealedBy, opened) = OpenFromAnyAgent(frame);
        var (envelope, message) = WireCodec.Decode(opened, _limits);
        if (message is not RegisterMessage r) throw new WireFormatException($"{envelope.Kind} before this connection registered");
        if (!string.Equals(r.Tier, _keys!.Agents[sealedBy].Tier, StringComparison.OrdinalIgnoreCase))
            throw new WireFormatException($"Register as '{Core.Printable.Escape(r.Tier)}' sealed by the key of tier {_keys.Agents[sealedBy].Tier}");
        _authenticated[connection] = sealedBy;
        return opened;
    }

    /// <summary>Which agent's seal the frame carries (its tier index), and the frame without it.</summary>
    private (int Tier, byte[] Frame) OpenFromAnyAgent(byte[] frame)
    {
        for (int k = 0; k < _keys!.Agents.Count; k++)
            if (_keys.SealOf(k)!.TryOpen(frame, out var body)) return (k, body);
        throw new WireFormatException("not sealed by any agent's key (an unauthenticated peer)");
    }

    private void Reject(string what)
    {
        Counters.Rejected();
        // A flood of bad frames must not become a flood of log lines: the first 10, then every power of two.
        long n = Interlocked.Increment(ref _logged);
        if (n <= 10 || (n & (n - 1)) == 0) _log($"rejected {what}{(n > 10 ? $" ({n} rejected so far)" : "")}");
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
