namespace T2CSim.Core.Planning;

/// <summary>
/// Which exits a T2C planner may give a task (docs/algorithms.md, "Exit points").
/// </summary>
public enum ExitPointSelection
{
    /// <summary>Every task runs its final exit (T2C_M, T2C_MH: no early exits).</summary>
    FinalExit,

    /// <summary>
    /// The slides' step (1) read literally: per task, the earliest exit whose accuracy meets the most
    /// demanding accuracy requirement among that task's requests (ignoring requirements no exit can
    /// meet), so every request it can serve is served on accuracy; partition points are chosen after.
    /// The default for T2C_MHE and T2C_MHER.
    /// </summary>
    StrictestAccuracy,

    /// <summary>
    /// Exits and partition points chosen jointly: for each partition, each task takes the exit that
    /// serves the most of its requests (ties: lower latency). Never serves fewer than StrictestAccuracy
    /// for the same partition; may trade a few demanding requests for many fast ones.
    /// </summary>
    BestCount,
}
