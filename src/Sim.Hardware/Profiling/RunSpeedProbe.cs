namespace T2CSim.Hardware.Profiling;

using T2CSim.Hardware.Models;
using T2CSim.Hardware.Runtime;
using TorchSharp;

/// <summary>
/// The host's speed under each tier's quota sampled all through a testbed run, not only around it: one
/// thread per tier, in a CPU group of that tier's share and period (as its agent), runs one forward pass
/// of the zoo's networks in turn every <see cref="IntervalS"/> and keeps each pass's CPU (its thread's
/// clock). <see cref="Stop"/> gives per tier the sum over the networks of their median pass: the same
/// figure as HostSpeedProbe's, over the run's whole length.
/// Why: a probe of a few seconds before and after a run read the host ±8 % from one probe to the next
/// (32.6-35.2 ms under the device's quota within ten minutes; docs/validation.md, "Round 12") where the
/// agents' CPU per stage, averaged over a 60 s run, moved 2-4 % between the runs of a session: a few
/// seconds sample the host's moment, a run averages over many. Spread over the run, the passes average
/// the same moments the agents' stages do. What it costs the run: about 7 ms of CPU per second per
/// tier (≈ 2 % of one CPU for three tiers), the same in the calibration's runs as in the validation's.
/// It sees none of the run's requests; it shares the host with the agents as any other tenant does.
/// </summary>
public sealed class RunSpeedProbe : IDisposable
{
    /// <summary>Seconds between two passes of a tier's probe thread.</summary>
    public const double IntervalS = 1.0;

    private readonly List<Sampler> _samplers;
    private readonly CancellationTokenSource _stop = new();

    private RunSpeedProbe(List<Sampler> samplers) => _samplers = samplers;

    /// <summary>
    /// Starts one sampling thread per tier (share of a CPU, quota period in seconds). A tier with a whole
    /// CPU or no period samples unthrottled; a tier with a quota where no cpu cgroup can be made here is
    /// not sampled (NaN: the unthrottled figure is not what its agent sees).
    /// </summary>
    public static RunSpeedProbe Start(IReadOnlyList<(double Share, double PeriodS)> quotas, double intervalS = IntervalS)
    {
        if (!(intervalS > 0)) throw new ArgumentOutOfRangeException(nameof(intervalS), "a positive interval");
        bool cgroups = CpuQuotaCgroup.Available();
        var probe = new RunSpeedProbe([]);
        for (int k = 0; k < quotas.Count; k++)
        {
            var q = quotas[k];
            bool throttled = q.PeriodS > 0 && q.Share < 1;
            (int, int)? group = throttled && !cgroups ? null
                : throttled ? ((int)Math.Round(q.PeriodS * 1e6), Math.Max(1000, (int)Math.Round(q.Share * q.PeriodS * 1e6))) : (0, 0);
            probe._samplers.Add(new Sampler(k, group, intervalS, probe._stop.Token));
        }
        foreach (var s in probe._samplers) s.Start();
        return probe;
    }

    /// <summary>Stops the threads; per tier, the sum over the networks of their median pass's CPU seconds (NaN: not sampled, or a network without a pass).</summary>
    public double[] Stop()
    {
        _stop.Cancel();
        foreach (var s in _samplers) s.Join();
        return _samplers.Select(s => s.Figure()).ToArray();
    }

    /// <summary>Per tier, every pass's CPU seconds by network (for a calibration that pools its runs).</summary>
    public IReadOnlyList<IReadOnlyList<double>[]> Samples => _samplers.Select(s => s.ByNetwork).ToList();

    /// <summary>The sum over networks of their median pass; NaN where a network has none.</summary>
    public static double Figure(IReadOnlyList<double>[] byNetwork) =>
        byNetwork.Length == 0 || byNetwork.Any(n => n.Count == 0) ? double.NaN : byNetwork.Sum(n => Median(n));

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested) Stop();
        _stop.Dispose();
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }

    /// <summary>One tier's thread: its group (none: unthrottled; null: not sampled), its passes by network.</summary>
    private sealed class Sampler(int tier, (int PeriodUs, int QuotaUs)? group, double intervalS, CancellationToken stop)
    {
        private readonly int _tier = tier;
        private Thread? _thread;
        private Exception? _failure;

        public List<double>[] ByNetwork { get; private set; } = [];

        public void Start()
        {
            if (group is null) return;
            _thread = new Thread(Run) { IsBackground = true, Name = $"t2c run speed probe, tier {_tier}" };
            _thread.Start();
        }

        public void Join()
        {
            _thread?.Join();
            if (_failure is not null) throw new IOException($"run speed probe of tier {_tier}: {_failure.Message}", _failure);
        }

        public double Figure() => group is null ? double.NaN : RunSpeedProbe.Figure(ByNetwork);

        private void Run()
        {
            CpuQuotaCgroup? cgroup = null;
            string root = CpuQuotaCgroup.DefaultRoot;
            try
            {
                var (periodUs, quotaUs) = group!.Value;
                if (periodUs > 0) cgroup = CpuQuotaCgroup.Create($"t2c-run-probe-{Environment.ProcessId}-{_tier}", periodUs, quotaUs, root);
                TorchRuntime.Configure();
                using var scope = torch.NewDisposeScope();
                using var noGrad = torch.no_grad();
                var networks = ModelZoo.All.Select(a => new MultiTaskNetwork(a)).ToList();
                var input = SensorFrame.ToInput(SensorFrame.Synthetic(1));
                ByNetwork = networks.Select(_ => new List<double>()).ToArray();
                // One warm-up pass each, outside the group: libtorch's first call allocates and picks its kernels.
                foreach (var network in networks) Forward(network, input);
                string? tid = cgroup is null ? null : CpuQuotaCgroup.JoinThread(cgroup.Path);
                try
                {
                    var next = DateTime.UtcNow;
                    for (int i = 0; !stop.IsCancellationRequested; i++)
                    {
                        int n = i % networks.Count;
                        double before = ThreadCpuClock.NowS();
                        Forward(networks[n], input);
                        ByNetwork[n].Add(ThreadCpuClock.NowS() - before);
                        next += TimeSpan.FromSeconds(intervalS);
                        var wait = next - DateTime.UtcNow;
                        if (wait > TimeSpan.Zero) stop.WaitHandle.WaitOne(wait);
                        else next = DateTime.UtcNow; // behind (a slow pass): no catching up in a burst
                    }
                }
                finally
                {
                    if (tid is not null) CpuQuotaCgroup.LeaveThread(root, tid);
                    foreach (var network in networks) network.Dispose();
                }
            }
            catch (Exception e) { _failure = e; }
            finally
            {
                if (cgroup is not null)
                {
                    CpuQuotaCgroup.MoveThreadsOut(cgroup.Path, root);
                    cgroup.Dispose();
                }
            }
        }

        private static void Forward(MultiTaskNetwork network, torch.Tensor input)
        {
            using var scope = torch.NewDisposeScope();
            network.Forward(input);
        }
    }
}
