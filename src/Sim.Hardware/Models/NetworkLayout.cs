namespace T2CSim.Hardware.Models;

/// <summary>A backbone position of a task path: a stem block (Task null) or a branch FC layer.</summary>
/// <param name="OutputShape">Shape of the position's output for one frame (batch dimension excluded).</param>
public sealed record PositionInfo(int Position, string Name, string? Task, long[] OutputShape)
{
    /// <summary>Bytes of the float32 output: what crosses a link cut right after this position.</summary>
    public long OutputBytes => OutputShape.Aggregate(1L, (a, b) => a * b) * sizeof(float);
}

/// <summary>An exit head of a task, reading the output of backbone position After.</summary>
/// <param name="Index">0-based among the task's exits, earliest first; the last one is the final exit.</param>
public sealed record ExitInfo(string Task, int Index, string Name, int After, int Classes, double Accuracy, bool IsFinal)
{
    /// <summary>Bytes of the float32 class scores sent to the user.</summary>
    public long OutputBytes => (long)Classes * sizeof(float);
}
