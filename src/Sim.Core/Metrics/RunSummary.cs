namespace T2CSim.Core.Metrics;

using T2CSim.Core.Controller;

/// <summary>
/// The thesis's metrics for one run ("Performance Metrics"), all deterministic for a scenario and
/// seed. Planner CPU time is wall-clock and lives apart, in <see cref="RunTiming"/>.
/// </summary>
public sealed record RunSummary
{
    public required string Scenario { get; init; }
    public required string Algorithm { get; init; }
    public required double Multiplier { get; init; }
    public required long Seed { get; init; }
    public required double DurationS { get; init; }

    public required int Arrived { get; init; }
    /// <summary>Throughput of the thesis: requests that met both requirements.</summary>
    public required int Served { get; init; }
    public required int MissedLatency { get; init; }
    public required int MissedAccuracy { get; init; }
    public required int UnservedQueued { get; init; }
    public required int UnservedUnfinished { get; init; }
    public required int UnservedLost { get; init; }
    public required int Hitchhiked { get; init; }

    public int Missed => MissedLatency + MissedAccuracy;
    public int Unserved => UnservedQueued + UnservedUnfinished + UnservedLost;
    /// <summary>Served share of the requests that ran (the thesis's "satisfied ratio").</summary>
    public required double SatisfiedRatio { get; init; }
    /// <summary>Served share of every arrived request.</summary>
    public required double ServedFraction { get; init; }

    public required double MeanLatencyS { get; init; }
    public required double P95LatencyS { get; init; }
    public required double MeanAccuracy { get; init; }
    public required double MeanQueuingS { get; init; }

    public required int Deployments { get; init; }
    public required double MeanDeploymentTimeS { get; init; }
    public required int Reconfigurations { get; init; }
    public required int PlannerCalls { get; init; }

    /// <summary>Data-plane traffic between partitions (every link but the sensor's), Mbit/s over the run.</summary>
    public required double DataPlaneMbps { get; init; }
    /// <summary>Data-plane traffic per link, Mbit/s, in chain order (sensor link first).</summary>
    public required double[] LinkMbps { get; init; }
    public required long ControlBytes { get; init; }
    /// <summary>Control overhead of the thesis, Mbit/s over the run.</summary>
    public required double ControlMbps { get; init; }

    /// <summary>The registered metrics' values (MetricCatalog), after every column above; none by default.</summary>
    public IReadOnlyList<MetricValue> Extra { get; init; } = [];

    public static RunSummary From(string scenario, string algorithm, double multiplier, long seed, double durationS,
        RunLog log, int reconfigurations, int plannerCalls, IReadOnlyList<long> linkBytes, long controlBytes, Func<int, bool>? isSensorLink = null)
    {
        // The chain's sensor link is link 0; a tree's are the devices' sensor links (Topology.Links[k].Child < 0).
        isSensorLink ??= k => k == 0;
        var ran = log.Requests.Where(r => r.Ran).ToList();
        var latencies = ran.Select(r => r.LatencyS).OrderBy(x => x).ToList();
        var started = log.Requests.Where(r => !double.IsNaN(r.StartedS)).ToList();
        var ready = log.Deployments.Where(d => !double.IsNaN(d.ReadyAtS)).ToList();
        var counts = OutcomeCounts.Of(log.Requests);
        int served = counts.Served;
        double Mbps(long bytes) => bytes * 8.0 / durationS / 1e6;
        return new RunSummary
        {
            Scenario = scenario,
            Algorithm = algorithm,
            Multiplier = multiplier,
            Seed = seed,
            DurationS = durationS,
            Arrived = log.Requests.Count,
            Served = served,
            MissedLatency = counts.MissedLatency,
            MissedAccuracy = counts.MissedAccuracy,
            UnservedQueued = counts.UnservedQueued,
            UnservedUnfinished = counts.UnservedUnfinished,
            UnservedLost = counts.UnservedLost,
            Hitchhiked = log.Requests.Count(r => r.Attachment == Attachment.Hitchhiked),
            SatisfiedRatio = ran.Count == 0 ? 0 : (double)served / ran.Count,
            ServedFraction = log.Requests.Count == 0 ? 0 : (double)served / log.Requests.Count,
            MeanLatencyS = latencies.Count == 0 ? 0 : latencies.Average(),
            P95LatencyS = Quantile(latencies, 0.95),
            MeanAccuracy = ran.Count == 0 ? 0 : ran.Average(r => r.ExitAccuracy),
            MeanQueuingS = started.Count == 0 ? 0 : started.Average(r => r.QueuingS),
            Deployments = log.Deployments.Count,
            MeanDeploymentTimeS = ready.Count == 0 ? 0 : ready.Average(d => d.ReadyAtS - d.PlannedAtS),
            Reconfigurations = reconfigurations,
            PlannerCalls = plannerCalls,
            DataPlaneMbps = Mbps(linkBytes.Where((_, k) => !isSensorLink(k)).Sum()),
            LinkMbps = linkBytes.Select(Mbps).ToArray(),
            ControlBytes = controlBytes,
            ControlMbps = Mbps(controlBytes),
        };
    }

    /// <summary>Nearest-rank quantile of sorted values (0 when empty).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) return 0;
        int rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>Wall-clock cost of the algorithms in a run: not deterministic, so kept out of the results files.</summary>
/// <param name="PlannerCpuS">Time spent in planner and reconfiguration calls.</param>
/// <param name="CpuUtilization">The thesis's "CPU utilization": algorithm time over the run's duration.</param>
public sealed record RunTiming(string Algorithm, double Multiplier, long Seed, int PlannerCalls, double PlannerCpuS, double CpuUtilization, double WallS, long Events);
