namespace T2CSim.Experiments.Results;

using T2CSim.Core.Controller;
using static T2CSim.Experiments.Results.CsvTable;

/// <summary>One (model, task) of a validation: what was predicted, simulated and measured.</summary>
/// <param name="PredictedS">Median predicted latency of the testbed's requests that ran (current scaling factors at attach time).</param>
/// <param name="SimulatedS">Median latency of the simulated run's requests that ran.</param>
/// <param name="MeasuredS">Median latency measured on the testbed.</param>
public sealed record ValidationRow(string Model, string Task, int SimRan, int SimServed, int HilRan, int HilServed,
    double PredictedS, double SimulatedS, double MeasuredS)
{
    /// <summary>(predicted - measured) / measured.</summary>
    public double PredictionError => (PredictedS - MeasuredS) / MeasuredS;
    /// <summary>(simulated - measured) / measured.</summary>
    public double SimulationError => (SimulatedS - MeasuredS) / MeasuredS;
}

/// <summary>
/// `t2c validate`'s table: per model and task, the median latency predicted by the controller,
/// produced by the simulator and measured on the testbed for the same scenario, with the errors.
/// </summary>
public static class ValidationTable
{
    public static IReadOnlyList<ValidationRow> Build(RunLog simulated, RunLog measured)
    {
        var keys = simulated.Requests.Concat(measured.Requests).Select(r => (r.Request.Model, r.Request.Task)).Distinct().OrderBy(k => k).ToList();
        var rows = new List<ValidationRow>();
        foreach (var (model, task) in keys)
        {
            var sim = simulated.Requests.Where(r => r.Request.Model == model && r.Request.Task == task && r.Ran).ToList();
            var hil = measured.Requests.Where(r => r.Request.Model == model && r.Request.Task == task && r.Ran).ToList();
            rows.Add(new ValidationRow(model, task, sim.Count, sim.Count(r => r.Outcome == RequestOutcome.Served),
                hil.Count, hil.Count(r => r.Outcome == RequestOutcome.Served),
                Median(hil.Select(r => r.PredictedLatencyS)), Median(sim.Select(r => r.LatencyS)), Median(hil.Select(r => r.LatencyS))));
        }
        return rows;
    }

    /// <summary>All requests of a run together, for the overall row.</summary>
    public static ValidationRow Overall(RunLog simulated, RunLog measured)
    {
        var sim = simulated.Requests.Where(r => r.Ran).ToList();
        var hil = measured.Requests.Where(r => r.Ran).ToList();
        return new ValidationRow("all", "all", sim.Count, sim.Count(r => r.Outcome == RequestOutcome.Served), hil.Count, hil.Count(r => r.Outcome == RequestOutcome.Served),
            Median(hil.Select(r => r.PredictedLatencyS)), Median(sim.Select(r => r.LatencyS)), Median(hil.Select(r => r.LatencyS)));
    }

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).OrderBy(x => x).ToList();
        if (v.Count == 0) return double.NaN;
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    public static readonly string[] Header =
        ["model", "task", "sim_ran", "sim_served", "hil_ran", "hil_served", "predicted_median_s", "simulated_median_s", "measured_median_s", "prediction_error", "simulation_error"];

    public static IReadOnlyList<string> Row(ValidationRow r) =>
    [
        r.Model, r.Task, Num(r.SimRan), Num(r.SimServed), Num(r.HilRan), Num(r.HilServed),
        Num(r.PredictedS), Num(r.SimulatedS), Num(r.MeasuredS), Num(r.PredictionError, 4), Num(r.SimulationError, 4),
    ];
}
