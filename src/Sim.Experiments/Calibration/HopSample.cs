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
    /// <summary>Tier k: a stage's compute at the host's speed; the regressor is the table's time x the tier's share.</summary>
    Compute,
}

/// <summary>
/// One measured hop of the calibration workload. For <see cref="HopTerm.Wire"/>,
/// <paramref name="SerialisationS"/> is the frame's bytes x 8 / the link's rate, the regressor of the
/// header factor; for <see cref="HopTerm.Compute"/> the table's time (unscaled lookup); 0 for the others. <paramref name="Index"/> is the link or the tier.
/// </summary>
public readonly record struct HopSample(HopTerm Term, int Index, double Seconds, double SerialisationS = 0);
