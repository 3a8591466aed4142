namespace T2CSim.Hardware.Agent;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using NetMQ;
using NetMQ.Sockets;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Profiling;
using T2CSim.Hardware.Runtime;
using T2CSim.Hardware.Security;
using T2CSim.Hardware.Transport;

/// <summary>
/// A tier's agent (`t2c agent`): registers with the controller and reports its status every period;
/// loads, moves and unloads partitions on command and acknowledges each; takes jobs off its data
/// socket and runs them one at a time on a single worker thread (as a simulated partition runs one
/// inference at a time), sends each task's result to the controller's result sink, and forwards what
/// continues to the next tier over its shaped outgoing link.
///
/// Threads: the control poller owns the control (DEALER) socket and the status timer, the data poller
/// the data (PULL) socket, so a flood of data frames never delays a Status (a busy agent once went
/// silent for 3 s and was taken for a lost one); the worker owns the result (PUSH) socket; the link
/// shaper owns the forward socket. Nothing bad from the network stops the agent: an invalid frame is
/// logged on one line and dropped, and counted in the status. Every socket refuses frames over the wire
/// limit before buffering them; the job queue is bounded (<see cref="BoundedJobQueue{T}"/>), and jobs it
/// refuses are counted in the status's rejected frames. With <see cref="AgentKeys"/> (docs/security.md)
/// the sockets speak CURVE, the agent talks only to the controller's key, takes Jobs only sealed by its
/// upstream peer and seals everything it sends.
/// </summary>
public sealed class AgentHost
{
    private readonly AgentOptions _options;
    private readonly Action<string> _log;
    private readonly PlaneCounters _counters = new();
    private readonly Sequencer _sequence = new();
    private readonly ConcurrentDictionary<int, Partition> _partitions = new();
    private readonly BoundedJobQueue<WorkItem> _jobs;
    private long _logged;

    /// <summary>Jobs that may wait for the worker; past it (or past <see cref="MaxQueuedJobBytes"/>) a job is dropped and counted.</summary>
    public const int MaxQueuedJobs = 256;
    public const long MaxQueuedJobBytes = 64L << 20;

    /// <summary>What the worker thread does next: a job, or (Run) work that must happen on the worker itself.</summary>
    private sealed record WorkItem(JobMessage? Job, Partition? Partition, long ArrivedTicks, long ArrivedNs, int Bytes, Action? Run = null);
    private readonly NetworkCache _networks = new();
    private readonly HashSet<string> _warmedPaths = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile WelcomeMessage? _welcome;
    private LinkShaper? _next;
    private long _jobsDone;
    private NetMQPoller? _poller;

    public AgentHost(AgentOptions options, Action<string>? log = null)
    {
        _options = options;
        _log = log ?? (line => Console.Error.WriteLine($"[agent {options.Tier}] {line}"));
        _jobs = new BoundedJobQueue<WorkItem>(MaxQueuedJobs, MaxQueuedJobBytes);
    }

    public PlaneCounters Counters => _counters;

    /// <summary>Serves until the controller says Stop, the parent process is gone, or `cancel` fires.</summary>
    public void Run(CancellationToken cancel = default)
    {
        TorchRuntime.Configure();
        if (_options.PinCpu is { } cpu) _log($"{CpuAffinity.PinProcess(cpu)} threads pinned to CPU {cpu}");
        using var cgroup = JoinCpuQuota();
        using var control = new DealerSocket();
        using var data = new PullSocket();
        control.Options.Linger = TimeSpan.FromSeconds(1);
        // Frames wait in ZeroMQ's pipe only until the data poller moves them to the bounded job queue;
        // a short pipe keeps a flood of 16 MiB frames to 32 x 16 MiB per connection (then TCP pushes back).
        data.Options.ReceiveHighWatermark = 32;
        SocketGuard.Bound(control, Math.Min(_options.Limits.MaxMessageBytes, WireLimits.MaxControlMessageBytes));
        SocketGuard.Bound(data, Math.Min(_options.Limits.MaxMessageBytes, WireLimits.MaxDataFrameBytes));
        if (_options.Keys is { } keys)
        {
            keys.Controller.ConfigureClient(control);
            SocketGuard.ConfigureServer(data, keys.Own);
        }
        // A port of * binds a free port here and advertises it: a port picked by the runner and bound a
        // moment later could be taken meanwhile (a calibration run lost an agent to
        // AddressAlreadyInUse: another process's connection had the ephemeral port by then).
        string advertised = _options.AdvertisedDataEndpoint;
        try
        {
            if (_options.DataBind.EndsWith(":*", StringComparison.Ordinal))
            {
                int port = data.BindRandomPort(_options.DataBind[..^2]);
                if (_options.DataAdvertise is null) advertised = $"{_options.AdvertisedDataEndpoint[..^2]}:{port}";
            }
            else data.Bind(_options.DataBind);
        }
        catch (Exception e) when (e is NetMQException or ArgumentException or System.Net.Sockets.SocketException)
        { throw new Core.UserInputException(null, "--data-bind", $"cannot listen on {_options.DataBind}: {e.Message}"); }
        try { control.Connect(_options.ControlEndpoint); }
        catch (Exception e) when (e is NetMQException or ArgumentException or System.Net.Sockets.SocketException)
        { throw new Core.UserInputException(null, "--control", $"cannot connect to {_options.ControlEndpoint}: {e.Message}"); }
        var worker = new Thread(Work) { IsBackground = true, Name = "agent worker" };
        worker.Start();

        var timer = new NetMQTimer(TimeSpan.FromSeconds(Math.Min(0.5, _options.StatusPeriodS)));
        using var poller = new NetMQPoller { control, timer };
        using var dataPoller = new NetMQPoller { data };
        _poller = poller;
        double lastStatus = double.NegativeInfinity;
        control.ReceiveReady += (_, e) =>
        {
            while (e.Socket.TryReceiveFrameBytes(out var frame)) OnControl(control, frame);
        };
        data.ReceiveReady += (_, e) =>
        {
            while (e.Socket.TryReceiveFrameBytes(out var frame)) OnData(frame);
        };
        timer.Elapsed += (_, _) =>
        {
            if (cancel.IsCancellationRequested || ParentGone()) { poller.StopAsync(); return; }
            double now = _clock.Elapsed.TotalSeconds;
            if (_welcome is null) Send(control, new RegisterMessage(_options.Tier, advertised, _options.Cores, _options.Slots, Environment.ProcessId));
            else if (now - lastStatus >= _options.StatusPeriodS - 1e-3)
            {
                lastStatus = now;
                Send(control, Status());
            }
        };
        _log($"pid {Environment.ProcessId}: data on {advertised}, controller {_options.ControlEndpoint}" +
             (_options.LinkRateBps > 0 ? $", outgoing link shaped {(_options.LinkKernelBurstBytes > 0 ? $"by the kernel (lead of its {_options.LinkKernelBurstBytes}-byte bucket paid here)" : "in user space")} to {_options.LinkRateBps / 1e6:0.###} Mbit/s + {_options.LinkLatencyS * 1000:0.#} ms" : ""));
        Send(control, new RegisterMessage(_options.Tier, advertised, _options.Cores, _options.Slots, Environment.ProcessId));
        dataPoller.RunAsync("agent data");
        try { poller.Run(); }
        finally
        {
            dataPoller.Stop();
            _jobs.Complete();
            worker.Join(TimeSpan.FromSeconds(5));
            _next?.Dispose();
            _networks.Dispose();
            _log($"stopped; jobs dropped: {_jobs.Dropped} (job queue full), {_next?.Dropped ?? 0} (outgoing link full)");
        }
    }

    private void OnControl(DealerSocket control, byte[] frame)
    {
        Envelope envelope;
        IWireMessage message;
        try { (envelope, message) = WireCodec.Decode(frame, _options.Limits); }
        catch (WireFormatException e)
        {
            _counters.Rejected();
            _log($"control frame of {frame.Length} bytes rejected: {e.Reason}");
            return;
        }
        _counters.Received(envelope.Kind, frame.Length);
        switch (message)
        {
            case WelcomeMessage w:
                // A second Welcome changes the next hop only: the next tier's agent was replaced.
                if (_welcome is null || w.NextHop != _welcome.NextHop) Welcome(w);
                break;
            case PartitionCommand c:
                Send(control, Apply(envelope.Sequence, c));
                break;
            case ShutdownMessage s:
                // Queued jobs keep their partition object and finish; only new jobs no longer find it.
                _partitions.TryRemove(s.DeploymentId, out _);
                Send(control, new AckMessage(envelope.Sequence, MessageKind.Shutdown, s.DeploymentId, true, ""));
                break;
            case LinkSetMessage l:
                if (_next is not null) _next.RateBps = Math.Max(1e3, l.CapacityBps - l.BackgroundBps);
                break;
            case StopMessage:
                _log("stop requested by the controller");
                _poller?.StopAsync();
                break;
            default:
                _counters.Rejected();
                _log($"{envelope.Kind} is not a message for an agent: dropped");
                break;
        }
    }

    private void Welcome(WelcomeMessage w)
    {
        if (w.NextHop.Length > 0 && _options.Keys is { Downstream: null })
            _log($"no key for the next tier at {w.NextHop} (--downstream): jobs that continue past this tier are dropped");
        var previous = _next;
        if (w.NextHop.Length > 0 && !(_options.Keys is { Downstream: null })) _next = new LinkShaper(w.NextHop, _options.LinkRateBps, _options.LinkLatencyS, _counters, _log, _options.Keys?.Downstream, _options.LinkKernelBurstBytes);
        previous?.Dispose();
        _welcome = w;
        _log($"registered as tier {w.TierIndex}; next hop {(w.NextHop.Length > 0 ? w.NextHop : "none (last tier)")}; results to {w.ResultSink}");
    }

    private AckMessage Apply(ulong sequence, PartitionCommand c)
    {
        try
        {
            if (_welcome is { } w && c.TierIndex != w.TierIndex) throw new ArgumentException($"command for tier {c.TierIndex}, this agent is tier {w.TierIndex}");
            if (c.Kind == MessageKind.Deploy)
            {
                var network = _networks.Get(c.Model, warm: true);
                foreach (var (task, exit) in c.Tasks)
                    if (!network.Tasks.Contains(task) || exit >= network.Exits(task).Count) throw new ArgumentException($"model {c.Model} has no exit {exit} of task {task}");
                // On the worker, whose thread runs the jobs (torch's per-thread state, the result socket);
                // the Ack waits for it, so it counts as deployment time.
                var warmed = new ManualResetEventSlim(); // not disposed: the worker may still set it after a timeout
                if (!_jobs.TryAdd(new WorkItem(null, null, 0, 0, 0, () => { try { WarmJobPath(network, c); } finally { warmed.Set(); } }), 0))
                    _log($"job queue full: {c.Model}'s job path not warmed");
                else if (!warmed.Wait(TimeSpan.FromSeconds(30))) _log($"warming {c.Model} is taking over 30 s; acknowledging anyway");
                _partitions[c.DeploymentId] = new Partition(c.DeploymentId, network, c);
            }
            else if (_partitions.TryGetValue(c.DeploymentId, out var p)) p.Command = c;
            else throw new ArgumentException($"no partition of deployment {c.DeploymentId} to reconfigure");
            return new AckMessage(sequence, c.Kind, c.DeploymentId, true, "");
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
        {
            _log($"{c.Kind} of deployment {c.DeploymentId} refused: {e.Message}");
            return new AckMessage(sequence, c.Kind, c.DeploymentId, false, e.Message.Length > 200 ? e.Message[..200] : e.Message);
        }
    }

    /// <summary>
    /// The first Deploy of a model also runs a job's whole path once, unsent: decode, both kinds of
    /// stage (stem to a cut, then branches and exits), encoding of the forward, results and report.
    /// Agents run without tiered compilation, so each method is compiled fully on its first call; at
    /// the device's CPU share that took the first requests a few hundred milliseconds. This belongs to
    /// the deployment (as the network's warm-up does), not to the first request. Runs on the worker.
    /// </summary>
    private void WarmJobPath(Models.MultiTaskNetwork network, PartitionCommand c)
    {
        if (!_warmedPaths.Add(c.Model)) return;
        try
        {
            var frame = WireCodec.Encode(new JobMessage(0, c.DeploymentId, c.Model, [network.StemDepth, 10_000], c.Tasks, 0,
                [("", TensorConversion.Frame(Models.SensorFrame.Synthetic(0)))], WireClock.NowNs(), WireClock.NowNs()), 0);
            var job = (JobMessage)WireCodec.Decode(frame, _options.Limits).Message;
            for (int tier = 0; tier < 2; tier++)
            {
                var output = StageExecutor.Run(network, tier, job);
                foreach (var (slot, scores) in output.Results) WireCodec.Encode(new ResultMessage(0, c.DeploymentId, slot, tier, scores, WireClock.NowNs()), 0);
                WireCodec.Encode(new StageReportMessage(0, c.DeploymentId, tier, 0, 0, true, default), 0);
                if (output.Forward is not { } next) break;
                job = (JobMessage)WireCodec.Decode(WireCodec.Encode(next with { ReadyNs = 1, SentNs = 1 }, 0), _options.Limits).Message;
            }
        }
        catch (Exception e) when (e is WireFormatException or ArgumentException or InvalidOperationException or ExternalException)
        {
            _log($"warming the job path of {c.Model} failed (the first job will be slower): {e.Message}");
        }
    }

    private void OnData(byte[] frame)
    {
        long arrived = _clock.ElapsedTicks, arrivedNs = WireClock.NowNs();
        JobMessage job;
        try
        {
            var body = frame;
            if (_options.Keys is { } keys && !keys.TryOpenFromUpstream(frame, out body)) throw new WireFormatException("not sealed by the upstream peer (an unauthenticated sender)");
            var (envelope, message) = WireCodec.Decode(body, _options.Limits);
            job = message as JobMessage ?? throw new WireFormatException($"{envelope.Kind} is not a data-plane message");
            _counters.Received(envelope.Kind, frame.Length);
        }
        catch (WireFormatException e)
        {
            _counters.Rejected();
            LogLimited($"data frame of {frame.Length} bytes rejected: {e.Reason}");
            return;
        }
        // The partition is looked up on arrival, so a Shutdown that comes later does not lose the job.
        _partitions.TryGetValue(job.DeploymentId, out var partition);
        if (!_jobs.TryAdd(new WorkItem(job, partition, arrived, arrivedNs, frame.Length), frame.Length))
        {
            _counters.Rejected();
            LogLimited($"job {job.JobId} dropped: job queue full ({_jobs.Count} jobs, {_jobs.Bytes} bytes; {_jobs.Dropped} dropped so far)");
        }
    }

    /// <summary>A flood must not become a flood of log lines: the first 10, then every power of two.</summary>
    private void LogLimited(string line)
    {
        long n = Interlocked.Increment(ref _logged);
        if (n <= 10 || (n & (n - 1)) == 0) _log(n > 10 ? $"{line} [{n} such lines]" : line);
    }

    private void Work()
    {
        PushSocket? results = null;
        try
        {
            foreach (var (job, partition, arrived, arrivedNs, bytes, run) in _jobs.Consume())
            {
                if (_welcome is not { } w)
                {
                    if (job is not null) _log($"job {job.JobId} before registration: dropped");
                    run?.Invoke();
                    continue;
                }
                if (results is null)
                {
                    results = new PushSocket();
                    results.Options.Linger = TimeSpan.FromSeconds(1);
                    _options.Keys?.Controller.ConfigureClient(results);
                    results.Connect(w.ResultSink);
                }
                if (run is not null) run();
                else if (job is not null) RunJob(job, partition, arrived, new HopTimes(job.ReadyNs, job.SentNs, arrivedNs, 0, 0, 0, bytes), w, results);
            }
        }
        finally { results?.Dispose(); }
    }

    /// <summary>
    /// Runs the stage, then sends at once what the user waits for (results), then what the next tier
    /// waits for (the forward), and last the stage report with its timestamps (docs/hardware.md, "Timing").
    /// </summary>
    private void RunJob(JobMessage job, Partition? partition, long arrivedTicks, HopTimes times, WelcomeMessage w, PushSocket results)
    {
        int tier = w.TierIndex;
        try
        {
            if (tier > job.Cuts.Length) throw new WireFormatException($"tier {tier} is past the job's chain");
            var cuts = new PartitionPoints(job.Cuts);
            if (cuts.Start(tier) > cuts.End(tier))
            {
                // Nothing of this model runs here: the tensors pass through to the next tier.
                long forwarded = Forward(job, times.ReceivedNs);
                SendResult(results, new StageReportMessage(job.JobId, job.DeploymentId, tier, 0, 0, false, times with { ForwardedNs = forwarded }));
                return;
            }
            if (partition is null) throw new WireFormatException($"no partition of deployment {job.DeploymentId} on this tier");
            if (partition.Command.Model != job.Model) throw new WireFormatException($"deployment {job.DeploymentId} runs {partition.Command.Model}, not {job.Model}");
            long computeStart = _clock.ElapsedTicks;
            long startNs = WireClock.NowNs();
            double cpu0 = ThreadCpuClock.NowS();
            var output = StageExecutor.Run(partition.Network, tier, job);
            double cpuS = ThreadCpuClock.NowS() - cpu0;
            double now = Seconds(_clock.ElapsedTicks);
            long endNs = WireClock.NowNs();
            foreach (var (slot, scores) in output.Results)
                SendResult(results, new ResultMessage(job.JobId, job.DeploymentId, slot, tier, scores, WireClock.NowNs()));
            long forwardedNs = output.Forward is { } next ? Forward(next, endNs) : 0;
            times = times with { StartNs = startNs, EndNs = endNs, ForwardedNs = forwardedNs };
            if (output.Computed)
            {
                double runtime = now - Seconds(arrivedTicks);
                partition.Ran(TimeSpan.FromSeconds(runtime));
                SendResult(results, new StageReportMessage(job.JobId, job.DeploymentId, tier, runtime, now - Seconds(computeStart), true, times, double.IsFinite(cpuS) ? Math.Max(0, cpuS) : 0));
            }
            else SendResult(results, new StageReportMessage(job.JobId, job.DeploymentId, tier, 0, 0, false, times));
            if (job.DeploymentId >= 0) Interlocked.Increment(ref _jobsDone);
        }
        catch (Exception e) when (e is WireFormatException or ArgumentException or KeyNotFoundException or InvalidOperationException or ExternalException)
        {
            _counters.Rejected();
            _log($"job {job.JobId} of deployment {job.DeploymentId} dropped: {e.Message}");
        }
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    /// <summary>Hands the job to the outgoing link (which sends it without making the worker wait); returns when, in WireClock ns.</summary>
    private long Forward(JobMessage job, long readyNs)
    {
        if (_next is null) throw new WireFormatException($"job {job.JobId} continues past the last tier");
        long sentNs = WireClock.NowNs();
        // A warm-up deployment's jobs (negative id) take the same path but stay out of the link's counts.
        if (!_next.Send(WireCodec.Encode(job with { ReadyNs = readyNs, SentNs = sentNs }, _sequence.Next()), MessageKind.Job, counted: job.DeploymentId >= 0))
            _counters.Rejected();
        return sentNs;
    }

    private void SendResult(PushSocket results, IWireMessage message)
    {
        var frame = Sealed(WireCodec.Encode(message, _sequence.Next()));
        if (results.TrySendFrame(TimeSpan.FromSeconds(5), frame)) _counters.Sent(message.Kind, frame.Length);
        else _log($"result sink not taking {message.Kind}: dropped");
    }

    private void Send(DealerSocket control, IWireMessage message)
    {
        var frame = Sealed(WireCodec.Encode(message, _sequence.Next()));
        if (control.TrySendFrame(TimeSpan.FromMilliseconds(100), frame)) _counters.Sent(message.Kind, frame.Length);
    }

    /// <summary>What goes to the controller carries this agent's seal, so the controller knows who sent it.</summary>
    private byte[] Sealed(byte[] frame) => _options.Keys is { } keys ? keys.Controller.Seal.Seal(frame) : frame;

    private StatusMessage Status() => new(
        _options.Tier, _jobs.Count, Interlocked.Read(ref _jobsDone), _counters.RejectedFrames,
        _partitions.Values.Select(p => p.Status()).ToArray(),
        _next is null ? [] : [new LinkStatus(_next.BytesSent, _next.ThroughputBps())]);

    private bool ParentGone()
    {
        if (_options.ParentProcessId is not { } pid) return false;
        try { return Process.GetProcessById(pid).HasExited; }
        catch (ArgumentException) { return true; }
    }

    /// <summary>The tier's CPU speed as a CFS quota on this process; the agent leaves and removes the group on exit.</summary>
    private IDisposable? JoinCpuQuota()
    {
        if (_options.CpuShare is not { } share) return null;
        if (!CpuQuotaCgroup.Available())
        {
            _log($"no writable cgroup v1 cpu controller: running unthrottled instead of at {share:0.###} of a CPU");
            return null;
        }
        int period = Math.Max(TierEmulation.MinPeriodUs, (int)Math.Ceiling(TierEmulation.MinQuotaUs / share / 100.0) * 100);
        var group = CpuQuotaCgroup.Create($"{AgentCgroup.Prefix}{_options.Tier}-{Environment.ProcessId}", period, (int)Math.Round(period * share));
        CpuQuotaCgroup.Join(group.Path, Environment.ProcessId);
        _log($"cpu quota {group.QuotaUs}/{group.PeriodUs} us ({share:0.###} of a CPU) in {group.Path}");
        return new AgentCgroup(group);
    }
}
