namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;

/// <summary>A deployment a request can ride, the exit it would get there and its predicted latency.</summary>
public readonly record struct Ride(Deployment Deployment, TaskAssignment Task, double PredictedS);

/// <summary>
/// The thesis's hitchhiking: a request rides an already-deployed model, without a new plan, when the
/// model's exit for its task meets the request's accuracy and the model's current predicted latency
/// (scaling factors and link state included) meets its latency. Among several, the lowest predicted
/// latency wins, then the oldest deployment. Load-aware admission adds the work queued on the
/// deployment's path to the prediction (<see cref="LoadAwareAdmission"/>).
/// </summary>
public sealed class Hitchhiking
{
    private readonly Func<Deployment, ExitSpec, LatencyPredictorView, double>? _queueS;

    /// <param name="queueS">Optional time the request would wait behind the work already queued on the
    /// deployment's path (the load-aware term); null: the thesis's predictor alone.</param>
    public Hitchhiking(Func<Deployment, ExitSpec, LatencyPredictorView, double>? queueS = null) => _queueS = queueS;

    /// <summary>The best deployment for the request to ride, or null when none serves it in time at its accuracy.</summary>
    /// <param name="predictions">Optional memo of (deployment, task) → predicted latency, valid for
    /// one view: the aggregator asks for every queued request under the same view, and under
    /// overload the queue holds tens of thousands of requests of a few tasks.</param>
    public Ride? FindRide(Request request, IReadOnlyList<Deployment> deployments, LatencyPredictorView view,
        Dictionary<(Deployment, string), double>? predictions = null)
    {
        Ride? best = null;
        // An index loop: foreach over the interface boxed an enumerator per call, i.e. per arriving
        // request and per queued request every aggregation period (18 MB of a 10,000x run).
        for (int i = 0; i < deployments.Count; i++)
        {
            var d = deployments[i];
            if (d.State == DeploymentState.Stopped || d.Model.Name != request.Model) continue;
            if (d.Plan.ForTask(request.Task) is not { } assignment || assignment.Accuracy < request.MinAccuracy) continue;
            var task = d.Model.Task(request.Task);
            var exit = task.Exits[assignment.ExitIndex];
            if (predictions is null || !predictions.TryGetValue((d, request.Task), out double predicted))
            {
                predicted = view.Predict(d.Model, task, exit, d.Plan.Partition);
                predictions?.Add((d, request.Task), predicted);
            }
            if (predicted > request.MaxLatencyS) continue;
            if (_queueS is not null)
            {
                predicted += _queueS(d, exit, view);
                if (predicted > request.MaxLatencyS) continue;
            }
            if (best is null || predicted < best.Value.PredictedS) best = new Ride(d, assignment, predicted);
        }
        return best;
    }
}
