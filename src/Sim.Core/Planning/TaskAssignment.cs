namespace T2CSim.Core.Planning;

/// <summary>The exit a deployed model runs for one of its tasks, and what it is predicted to give.</summary>
public sealed record TaskAssignment(string Task, int ExitIndex, double Accuracy, double PredictedLatencyS);
