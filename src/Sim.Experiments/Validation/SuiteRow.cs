namespace T2CSim.Experiments.Validation;

using T2CSim.Core.Controller;
using T2CSim.Experiments.Results;
using static T2CSim.Experiments.Results.CsvTable;

/// <summary>
/// One (scenario, algorithm, repeat, model, task) of `t2c validate --suite`: predicted, simulated and
/// measured latency, served and satisfied in both runs, the errors and whether the goal is met
/// (docs/validation.md, "Goal"); when it is not, the hop that carries the difference. The simulated side is
/// the estimate pooled over <see cref="SimReplications"/> replications of the simulated run
/// (<see cref="PooledEstimate"/>): its ran and served are the replications' means, its median and p95 the
/// pooled sample's.
/// </summary>
public sealed record SuiteRow(string Scenario, string Algorithm, int Repeat, string Model, string Task,
    int SimArrived, int HilArrived, double SimRan, double SimServed, int HilRan, int HilServed,
    double PredictedMedianS, double SimulatedMedianS, double MeasuredMedianS, double SimulatedP95S, double MeasuredP95S,
    int SimReplications = 1)
{
    public const double MedianGoal = 0.10, P95Goal = 0.20, SatisfiedGoalPoints = 3, PredictionGoal = 0.10;

    public string Hop { get; init; } = "";

    /// <summary>The host's speed the simulated side ran at (HostSpeed.Ratio: CPU per unit of work now / at calibration); 1 without a probe.</summary>
    public double HostSpeed { get; init; } = 1;

    /// <summary>The ratio each tier's stage CPU ran at on the simulated side, space-separated in the tiers' order (HostSpeed.TierRatios, or the host's ratio for each); empty without a probe.</summary>
    public string TierSpeeds { get; init; } = "";

    /// <summary>Served / arrived: the share of requests that met both requirements.</summary>
    public double SimSatisfied => SimArrived == 0 ? double.NaN : SimServed / SimArrived;
    public double HilSatisfied => HilArrived == 0 ? double.NaN : (double)HilServed / HilArrived;
    public double MedianError => (SimulatedMedianS - MeasuredMedianS) / MeasuredMedianS;
    public double P95Error => (SimulatedP95S - MeasuredP95S) / MeasuredP95S;
    public double PredictionError => (PredictedMedianS - MeasuredMedianS) / MeasuredMedianS;
    public double SatisfiedPoints => (SimSatisfied - HilSatisfied) * 100;

    public bool MeetsGoal => Math.Abs(MedianError) <= MedianGoal && Math.Abs(P95Error) <= P95Goal
        && Math.Abs(SatisfiedPoints) <= SatisfiedGoalPoints && Math.Abs(PredictionError) <= PredictionGoal;

    /// <param name="sim">The row's requests in each replication of the simulated run (replication 0 first).</param>
    public static SuiteRow Of(string scenario, string algorithm, int repeat, string model, string task, IReadOnlyList<IReadOnlyList<RequestRecord>> sim, IReadOnlyList<RequestRecord> hil)
    {
        var estimate = PooledEstimate.Of(sim.Select(Outcome).ToList());
        var hilRan = hil.Where(r => r.Ran).ToList();
        return new SuiteRow(scenario, algorithm, repeat, model, task, estimate.Arrived, hil.Count,
            estimate.MeanRan, estimate.MeanServed, hilRan.Count, hil.Count(r => r.Outcome == RequestOutcome.Served),
            ValidationTable.Median(hilRan.Select(r => r.PredictedLatencyS)), estimate.MedianS, ValidationTable.Median(hilRan.Select(r => r.LatencyS)),
            estimate.P95S, Quantile(hilRan.Select(r => r.LatencyS), 0.95), estimate.Replications);
    }

    private static ReplicationOutcome Outcome(IReadOnlyList<RequestRecord> requests) =>
        new(requests.Count, requests.Count(r => r.Outcome == RequestOutcome.Served), requests.Where(r => r.Ran).Select(r => r.LatencyS).ToList());

    /// <summary>The q-quantile, linear between order statistics; NaN without values.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        if (v.Length == 0) return double.NaN;
        double at = q * (v.Length - 1);
        int lo = (int)Math.Floor(at);
        return lo + 1 < v.Length ? v[lo] + (at - lo) * (v[lo + 1] - v[lo]) : v[lo];
    }

    public static readonly string[] Header =
    [
        "scenario", "algorithm", "repeat", "model", "task", "sim_arrived", "hil_arrived", "sim_ran", "sim_served", "hil_ran", "hil_served",
        "predicted_median_s", "simulated_median_s", "measured_median_s", "simulated_p95_s", "measured_p95_s", "sim_satisfied", "hil_satisfied",
        "prediction_error", "median_error", "p95_error", "satisfied_points", "meets_goal", "hop", "sim_replications", "host_speed", "tier_speeds",
    ];

    public IReadOnlyList<string> Cells() =>
    [
        Scenario, Algorithm, Num(Repeat), Model, Task, Num(SimArrived), Num(HilArrived), Num(SimRan, 2), Num(SimServed, 2), Num(HilRan), Num(HilServed),
        Num(PredictedMedianS), Num(SimulatedMedianS), Num(MeasuredMedianS), Num(SimulatedP95S), Num(MeasuredP95S), Num(SimSatisfied, 4), Num(HilSatisfied, 4),
        Num(PredictionError, 4), Num(MedianError, 4), Num(P95Error, 4), Num(SatisfiedPoints, 2), MeetsGoal ? "yes" : "no", Hop, Num(SimReplications), Num(HostSpeed, 4), TierSpeeds,
    ];
}
