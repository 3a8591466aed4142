namespace T2CSim.Experiments.Validation;

using T2CSim.Core.Controller;
using T2CSim.Core.Execution;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Experiments.Results;
using static T2CSim.Experiments.Results.CsvTable;

/// <summary>
/// K replications of one simulated run of the suite (docs/validation.md, "The simulated side as an
/// estimate"): the same scenario, algorithm and seed, so the same arrivals; each replication draws the
/// execution's randomness (compute noise, the testbed's stage spread) from its own streams
/// (SimulationOptions.Replication). Replication 0 is the plain run, whose files the suite writes as
/// before; the rows pool all of them (PooledEstimate), and the hop attribution compares the testbed's
/// hops with the pooled simulated ones.
/// </summary>
public sealed class SimulatedReplications
{
    /// <summary>
    /// K when `--sim-replications` is not given: the simulated estimate's own sampling error is then
    /// 1/sqrt(10) of one draw's, so the comparison's noise is sqrt(1 + 1/10) = 1.05 × the measured run's
    /// alone (1.41 × with one draw), for 10 simulated runs of a few tenths of a second each beside a
    /// 60 s testbed run (docs/validation.md says how it was chosen).
    /// </summary>
    public const int DefaultCount = 10;

    /// <summary>
    /// The most `--sim-replications` accepts: every replication's run log and hop records stay in
    /// memory until its row is pooled, and at 100 the pooled estimate's error is a tenth of one draw's,
    /// far below the measured run's own.
    /// </summary>
    public const int MaxCount = 100;

    private SimulatedReplications(IReadOnlyList<ExperimentResult> runs, IReadOnlyList<HopRecorder> hops)
    {
        Runs = runs;
        Hops = hops;
    }

    /// <summary>The replications' runs, replication 0 (the plain run) first.</summary>
    public IReadOnlyList<ExperimentResult> Runs { get; }

    /// <summary>Each replication's hop records, in the same order.</summary>
    public IReadOnlyList<HopRecorder> Hops { get; }

    public ExperimentResult First => Runs[0];

    public IEnumerable<SimHop> PooledHops => Hops.SelectMany(h => h.Hops);

    public IReadOnlyList<RunLog> Logs => Runs.Select(r => r.Log).ToList();

    public static SimulatedReplications Run(Scenario scenario, string algorithm, int repeat, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "at least one replication");
        var runs = new List<ExperimentResult>(count);
        var hops = new List<HopRecorder>(count);
        for (int replication = 0; replication < count; replication++)
        {
            var recorder = new HopRecorder();
            runs.Add(Experiment.Run(scenario, algorithm, repeat, hops: recorder, replication: replication));
            hops.Add(recorder);
        }
        return new SimulatedReplications(runs, hops);
    }

    /// <summary>Whether every replication saw exactly the requests of replication 0 arrive (the same ids, times, models and tasks, in order).</summary>
    public bool ShareArrivals => Runs.All(r => SameRequests(r.Log, First.Log));

    public static bool SameRequests(RunLog a, RunLog b) =>
        a.Requests.Count == b.Requests.Count && a.Requests.Zip(b.Requests).All(p => p.First.Request == p.Second.Request);

    /// <summary>sim-replications.csv: every request of every replication, what became of it and its latency (for offline analysis, e.g. a bootstrap of the pooled p95).</summary>
    public void Write(string path) =>
        CsvTable.Write(path, ["replication", "id", "model", "task", "outcome", "latency_s"],
            Runs.SelectMany((run, k) => run.Log.Requests.Select(r => (IReadOnlyList<string>)
                [Num(k), Num(r.Request.Id), r.Request.Model, r.Request.Task, r.Outcome.ToString(), r.Ran ? Num(r.LatencyS) : ""])));
}
