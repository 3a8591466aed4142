namespace T2CSim.Core.Controller;

/// <summary>
/// The adaptive aggregation period (T2C_MHE-A; the thesis's future work; docs/algorithms.md,
/// "Adaptive aggregation period"). The thesis plans every 10 s (planning) or 20 s (operation): a
/// longer period gathers more requests per plan (more tasks of a model share one multi-task
/// instance), a shorter one queues requests less. Here, after each aggregation the next period is
///   T = requests_per_plan / λ,   λ = arrivals since the last aggregation / the time since it,
/// so a plan sees about requests_per_plan arrivals: later when few arrive, sooner when many do; λ = 0
/// gives the upper bound. With a queue timeout, requests expire at an aggregation after waiting
/// longer than it, so T is also at most the slack of the oldest queued request (arrival + timeout −
/// now) and at most the timeout itself (a request arriving just after this aggregation must be
/// planned before it expires). T is kept within [min, max].
/// </summary>
public sealed class AdaptiveAggregationPeriod
{
    private readonly double _minS, _maxS, _requestsPerPlan;
    private int _arrivals;
    private double _sinceS;

    public AdaptiveAggregationPeriod(double minS, double maxS, double requestsPerPlan)
    {
        if (!(minS > 0) || !(maxS >= minS)) throw new ArgumentOutOfRangeException(nameof(maxS), $"bounds [{minS}, {maxS}] must satisfy 0 < min <= max");
        if (!(requestsPerPlan > 0)) throw new ArgumentOutOfRangeException(nameof(requestsPerPlan), "requests per plan must be positive");
        _minS = minS;
        _maxS = maxS;
        _requestsPerPlan = requestsPerPlan;
    }

    /// <summary>The period before the first aggregation: the scenario's fixed period, within the bounds.</summary>
    public double Initial(double configuredS) => Math.Clamp(configuredS, _minS, _maxS);

    /// <summary>A request arrived: counted towards the arrival rate of the current period.</summary>
    public void Arrived() => _arrivals++;

    /// <summary>
    /// The period until the next aggregation, chosen at an aggregation at `nowS`. `oldestQueuedArrivalS`:
    /// arrival of the oldest request still queued after it (null: none); `queueTimeoutS`: 0 when
    /// requests never expire.
    /// </summary>
    public double Next(double nowS, double? oldestQueuedArrivalS, double queueTimeoutS)
    {
        double elapsed = nowS - _sinceS;
        double rate = elapsed > 0 ? _arrivals / elapsed : 0;
        _arrivals = 0;
        _sinceS = nowS;
        double period = rate > 0 ? _requestsPerPlan / rate : _maxS;
        if (queueTimeoutS > 0)
        {
            period = Math.Min(period, queueTimeoutS);
            if (oldestQueuedArrivalS is { } oldest) period = Math.Min(period, oldest + queueTimeoutS - nowS);
        }
        return Math.Clamp(period, _minS, _maxS);
    }
}
