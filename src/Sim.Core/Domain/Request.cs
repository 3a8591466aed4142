namespace T2CSim.Core.Domain;

/// <summary>
/// An analytics request of a user: a task of a model, with its QoS requirements
/// (slides: {task A1, accuracy 70%, latency 0.2}).
/// </summary>
/// <param name="Id">Unique within a run, in arrival order.</param>
/// <param name="ArrivalS">Simulation time of arrival, seconds.</param>
/// <param name="MinAccuracy">Lowest acceptable accuracy of the exit, 0..1.</param>
/// <param name="MaxLatencyS">Highest acceptable inference latency, seconds.</param>
public sealed record Request(int Id, double ArrivalS, string Model, string Task, double MinAccuracy, double MaxLatencyS);
