namespace T2CSim.Core.Simulation;

/// <summary>How the simulated world departs from the lookup tables, so runtime can differ from prediction.</summary>
/// <param name="ComputeNoiseCv">Coefficient of variation of a stage's compute time around its table value (lognormal, mean 1).</param>
/// <param name="TierSlowdown">True runtime / table per tier (1 = the table is right); the scaling factors should learn it.</param>
/// <param name="DeploymentTimeS">Container launch time: plan to serving.</param>
/// <param name="ReconfigurationDowntimeS">Time a reconfigured model does not serve.</param>
/// <param name="ThroughputWindowS">Window over which agents measure link throughput for status reports.</param>
/// <param name="Testbed">The execution-model terms of a testbed (docs/validation.md); null: the ideal world of the thesis.</param>
/// <param name="Hops">Where the testbed path records each job's hops (the validation suite); null: not recorded.</param>
/// <param name="Replication">Which replication of the run's execution randomness (docs/validation.md, "The simulated side
/// as an estimate"): the execution-only streams (compute noise, the testbed's stage spread) are drawn from
/// replication-specific streams, everything else (arrivals, the request mix) from the run's seed as always;
/// 0 is the plain run.</param>
public sealed record SimulationOptions(
    double ComputeNoiseCv,
    double[] TierSlowdown,
    double DeploymentTimeS,
    double ReconfigurationDowntimeS,
    double ThroughputWindowS = 5,
    Execution.TestbedDescription? Testbed = null,
    Execution.HopRecorder? Hops = null,
    int Replication = 0);
