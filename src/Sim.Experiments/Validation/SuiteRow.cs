namespace T2CSim.Experiments.Validation;

using T2CSim.Core.Controller;
using T2CSim.Experiments.Results;
using static T2CSim.Experiments.Results.CsvTable;

/// <summary>
/// One (scenario, algorithm, repeat, model, task) of `t2c validate --suite`: predicted, simulated and
/// measured latency, served and satisfied in both runs, the errors and whether the goal is met
/// (docs/validation.md, "Goal"); when it is not, the hop that carries the difference.
/// </summary>
public sealed record SuiteRow(string Scenario, string Algorithm, int Repeat, string Model, string Task,
    int SimArrived, int HilArrived, int SimRan, int SimServed, int HilRan, int HilServed,
    double PredictedMedianS, double SimulatedMedianS, double MeasuredMedianS, double SimulatedP95S, double MeasuredP95S)
{
    public const double MedianGoal = 0.10, P95Goal = 0.20, SatisfiedGoalPoints = 3, PredictionGoal = 0.10;

    public string Hop { get; init; } = "";

    /// <summary>Served / arrived: the share of requests that met both requirements.</summary>
    public double SimSatisfied => SimArrived == 0 ? double.NaN : (double)SimServed / SimArrived;
    public double HilSatisfied => HilArrived == 0 ? double.NaN : (double)HilServed / HilArrived;
    public double MedianError => (SimulatedMedianS - MeasuredMedianS) / MeasuredMedianS;
    public double P95Error => (SimulatedP95S - MeasuredP95S) / MeasuredP95S;
    public double PredictionError => (PredictedMedianS - MeasuredMedianS) / MeasuredMedianS;
    public double SatisfiedPoints => (SimSatisfied - HilSatisfied) * 100;

    public bool MeetsGoal => Math.Abs(MedianError) <= MedianGoal && Math.Abs(P95Error) <= P95Goal
        && Math.Abs(SatisfiedPoints) <= SatisfiedGoalPoints && Math.Abs(PredictionError) <= PredictionGoal;

    public static SuiteRow Of(string scenario, string algorithm, int repeat, string model, string task, IReadOnlyList<RequestRecord> sim, IReadOnlyList<RequestRecord> hil)
    {
        var simRan = sim.Where(r => r.Ran).ToList();
        var hilRan = hil.Where(r => r.Ran).ToList();
        return new SuiteRow(scenario, algorithm, repeat, model, task, sim.Count, hil.Count,
            simRan.Count, sim.Count(r => r.Outcome == RequestOutcome.Served), hilRan.Count, hil.Count(r => r.Outcome == RequestOutcome.Served),
            ValidationTable.Median(hilRan.Select(r => r.PredictedLatencyS)), ValidationTable.Median(simRan.Select(r => r.LatencyS)), ValidationTable.Median(hilRan.Select(r => r.LatencyS)),
            Quantile(simRan.Select(r => r.LatencyS), 0.95), Quantile(hilRan.Select(r => r.LatencyS), 0.95));
    }

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
        "prediction_error", "median_error", "p95_error", "satisfied_points", "meets_goal", "hop",
    ];

    public IReadOnlyList<string> Cells() =>
    [
        Scenario, Algorithm, Num(Repeat), Model, Task, Num(SimArrived), Num(HilArrived), Num(SimRan), Num(SimServed), Num(HilRan), Num(HilServed),
        Num(PredictedMedianS), Num(SimulatedMedianS), Num(MeasuredMedianS), Num(SimulatedP95S), Num(MeasuredP95S), Num(SimSatisfied, 4), Num(HilSatisfied, 4),
        Num(PredictionError, 4), Num(MedianError, 4), Num(P95Error, 4), Num(SatisfiedPoints, 2), MeetsGoal ? "yes" : "no", Hop,
    ];
}
