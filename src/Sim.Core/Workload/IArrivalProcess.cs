namespace T2CSim.Core.Workload;

using T2CSim.Core.Randomness;

/// <summary>
/// When requests arrive: the arrival process of a workload. The RequestGenerator draws what each
/// arrival asks for (model, task, requirements) from the workload's mix on streams of its own, so an
/// arrival process decides the times only. Chosen by name in a scenario (`workload.arrivals`, default
/// ProfilePoissonArrivals.Name); a researcher adds one with ArrivalProcesses.Register (docs/extending.md).
/// </summary>
public interface IArrivalProcess
{
    /// <summary>The name a scenario selects it by (`workload.arrivals: NAME`).</summary>
    string Name { get; }

    /// <summary>
    /// Arrival times in [0, durationS), non-decreasing. Every random draw must come from `random`
    /// (the run's "arrivals" stream), so a run stays a function of its scenario and seed; one instance
    /// serves every run of a sweep at once, so per-run state lives in the enumeration, not in fields.
    /// Scale with workload.Multiplier (and, if it suits the process, workload.RatePerSecond) so that a
    /// sweep's multipliers keep their meaning.
    /// </summary>
    IEnumerable<double> ArrivalTimes(WorkloadSpec workload, RandomStream random, double durationS);
}
