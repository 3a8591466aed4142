namespace T2CSim.Hardware.Profiling;

/// <summary>
/// The measured cost of one piece of a network: a stem block, a branch layer or an exit head.
/// Kind and Position follow the lookup-table rows (docs/lookup-tables.md).
/// </summary>
/// <param name="LatencyMs">Typical wall-clock latency of one run, batch size 1, milliseconds (see LayerProfiler).</param>
/// <param name="OutputBytes">Bytes of the float32 output the piece produced (numel * 4).</param>
/// <param name="Accuracy">Exits: the task's accuracy at the exit; NaN for layers.</param>
public sealed record PieceTiming(string Kind, string Task, int Position, string Name, long OutputBytes, double LatencyMs, double Accuracy);

/// <summary>A network's profile: every piece, and the trimmed-mean time of a whole round (every piece once, LayerProfiler).</summary>
public sealed record LayerProfile(IReadOnlyList<PieceTiming> Pieces, double RoundMs);
