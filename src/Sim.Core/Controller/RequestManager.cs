namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;

/// <summary>
/// The slides' request manager: takes every arriving request. With hitchhiking on, a request rides
/// at once on a deployed model whose exit for its task is accurate enough and whose current predicted
/// latency (scaling factors and link state included) meets its requirement; otherwise it waits in the
/// request queue for the aggregator.
/// </summary>
public sealed class RequestManager
{
    private readonly List<RequestRecord> _queue = [];
    private readonly bool _hitchhiking;

    public RequestManager(bool hitchhiking) => _hitchhiking = hitchhiking;

    public IReadOnlyList<RequestRecord> Queue => _queue;

    /// <summary>
    /// Returns the deployment the request hitchhikes on, or null when it was queued.
    /// Among several that qualify, the lowest predicted latency wins (then the oldest deployment).
    /// </summary>
    internal (Deployment Deployment, TaskAssignment Task, double PredictedS)? Submit(RequestRecord record, IReadOnlyList<Deployment> deployments, LatencyPredictorView view)
    {
        if (_hitchhiking && FindRide(record.Request, deployments, view) is { } ride) return ride;
        _queue.Add(record);
        return null;
    }

    /// <param name="predictions">Optional memo of (deployment, task) → predicted latency, valid for
    /// one view: the aggregator asks for every queued request under the same view, and under
    /// overload the queue holds tens of thousands of requests of a few tasks.</param>
    internal static (Deployment Deployment, TaskAssignment Task, double PredictedS)? FindRide(Request request, IReadOnlyList<Deployment> deployments, LatencyPredictorView view,
        Dictionary<(Deployment, string), double>? predictions = null)
    {
        (Deployment, TaskAssignment, double)? best = null;
        foreach (var d in deployments)
        {
            if (d.State == DeploymentState.Stopped || d.Model.Name != request.Model) continue;
            if (d.Plan.ForTask(request.Task) is not { } assignment || assignment.Accuracy < request.MinAccuracy) continue;
            if (predictions is null || !predictions.TryGetValue((d, request.Task), out double predicted))
            {
                var task = d.Model.Task(request.Task);
                predicted = view.Predict(d.Model, task, task.Exits[assignment.ExitIndex], d.Plan.Partition);
                predictions?.Add((d, request.Task), predicted);
            }
            if (predicted > request.MaxLatencyS) continue;
            if (best is null || predicted < best.Value.Item3) best = (d, assignment, predicted);
        }
        return best;
    }

    /// <summary>Hands the whole queue to the aggregator.</summary>
    internal List<RequestRecord> TakeQueue()
    {
        var taken = new List<RequestRecord>(_queue);
        _queue.Clear();
        return taken;
    }

    /// <summary>Requests the plan did not place wait for the next aggregation period.</summary>
    internal void Requeue(IEnumerable<RequestRecord> records) => _queue.AddRange(records);
}
