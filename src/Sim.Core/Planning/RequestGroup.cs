namespace T2CSim.Core.Planning;

/// <summary>
/// One group the aggregator formed: the `Count` requests of <see cref="PlanningContext.Requests"/>
/// from `Start` on, all of model `Model` and, when `Task` is not null, of that task alone (aggregation
/// without multi-task). Groups are in planning order: most requests first, then model and task name
/// (ordinal), requests in arrival order inside a group.
/// </summary>
public readonly record struct RequestGroup(string Model, string? Task, int Start, int Count);
