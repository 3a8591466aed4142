namespace T2CSim.Experiments.Calibration;

/// <summary>What a calibration sample measures (docs/validation.md, "Calibration").</summary>
public enum HopTerm
{
    /// <summary>Link k: upstream ready to handed to the link.</summary>
    Send,
    /// <summary>Link k: handed to the link to off the receiving data socket, minus the propagation delay.</summary>
    Wire,
    /// <summary>Tier k: the frame off the data socket to the stage's start, on an idle tier.</summary>
    Receive,
    /// <summary>Tier k: a result sent to handled on the controller's loop.</summary>
    Result,
    /// <summary>Tier k: a stage's compute (wall, under the tier's quota); the regressor is the table's time.</summary>
    Compute,
}

/// <summary>
/// One measured hop of the calibration workload. For <see cref="HopTerm.Wire"/>,
/// <paramref name="SerialisationS"/> is the frame's bytes x 8 / the link's rate, the regressor of the
/// header factor; for <see cref="HopTerm.Compute"/> the table's time (unscaled lookup); 0 for the others.
/// <paramref name="Index"/> is the link or the tier.
/// What ran on the same tier's quota just before the burst, so the fit can run it through the same
/// quota clock the simulator uses: <paramref name="PrecedingTableS"/> is the table's time of the
/// stage that computed right before (a result's own stage; for link k's send, tier k-1's stage; 0:
/// none) and <paramref name="PrecedingResults"/> how many results that tier sent before it.
/// <paramref name="Network"/>: the model a compute sample's stage belongs to (its network factor); "" otherwise.
/// For a compute sample, <paramref name="IdleS"/> is how long its tier had been idle before the stage
/// (StageIdle; NaN: the tier's first stage, or not a compute sample) and <paramref name="PreviousNetwork"/>
/// the network of the stage the tier computed before it, and <paramref name="CpuS"/> the CPU its agent's
/// worker was charged for it (NaN: not measured).
/// For a result sample, <paramref name="Beside"/>: its tier's worker took the next job's stage at once
/// after the result's stage (a job was waiting; StageIdle.FollowedAtOnce), so the result went beside a
/// computing worker (TierExecution.BesideIoPeriods).
/// </summary>
public readonly record struct HopSample(HopTerm Term, int Index, double Seconds, double SerialisationS = 0, double PrecedingTableS = 0, int PrecedingResults = 0, string Network = "",
    double IdleS = double.NaN, string PreviousNetwork = "", double CpuS = double.NaN, bool Beside = false);
