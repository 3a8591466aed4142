namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>How a reconfiguration moves a model from its old plan to the new one (docs/algorithms.md, "Reconfiguration cost").</summary>
public enum ReconfigurationMechanism
{
    /// <summary>The thesis's behaviour: no serving for reconfiguration_downtime_s; requests attached meanwhile wait and run under the new plan.</summary>
    Hold,
    /// <summary>NEUKONFIG's pause-and-resume: the old partition stops, the new one starts; requests for the model in that window are lost.</summary>
    PauseResume,
    /// <summary>NEUKONFIG's switching: the new partitions start beside the old (one more slot per tier), traffic moves when they are ready; no downtime.</summary>
    Switching,
}

/// <summary>
/// The cost-aware reconfiguration rule (T2C_MHER-C): reconfigure only when the requests the new plan is
/// expected to gain exceed those lost to the mechanism's downtime.
///
/// Over the next horizon H (the reconfiguration period: the plan is checked again after it), with the
/// demand of the last window W (the requests that wanted the model) taken as the demand to come:
///   keep:        s_old · H / W requests served,
///   reconfigure: nothing for the downtime D, then s_new · (H − D) / W,
/// so reconfiguring pays iff gain = (s_new − s_old) · H / W exceeds loss = s_new · D / W.
/// s_old and s_new count the demand's requests each plan is predicted to serve under the current link
/// state and scaling factors (the predictor the reconfiguration algorithm used). Switching has no
/// downtime (D = 0): it pays whenever the new plan serves more, which the reconfiguration algorithm
/// already requires; its cost is slots, which the controller must find free for the overlap.
/// </summary>
public static class ReconfigurationCost
{
    /// <summary>The expected requests gained and lost by moving from `current` to `proposal`.</summary>
    public readonly record struct Estimate(int ServedBefore, int ServedAfter, double GainRequests, double LossRequests)
    {
        public bool Worthwhile => GainRequests > LossRequests;
    }

    public static Estimate Evaluate(ModelDeployment current, ModelDeployment proposal, IReadOnlyList<Request> demand,
        LatencyPredictorView view, ModelSpec model, double windowS, double horizonS, double downtimeS)
    {
        if (windowS <= 0) throw new ArgumentOutOfRangeException(nameof(windowS), "the demand window must be positive");
        int before = Served(current, demand, view, model), after = Served(proposal, demand, view, model);
        double gain = (after - before) * horizonS / windowS;
        double loss = after * Math.Min(downtimeS, horizonS) / windowS;
        return new Estimate(before, after, gain, loss);
    }

    /// <summary>The downtime a mechanism costs: what the rule weighs (switching: none).</summary>
    public static double DowntimeS(ReconfigurationMechanism mechanism, double holdDowntimeS, double pauseResumeDowntimeS) => mechanism switch
    {
        ReconfigurationMechanism.Hold => holdDowntimeS,
        ReconfigurationMechanism.PauseResume => pauseResumeDowntimeS,
        _ => 0,
    };

    /// <summary>Requests of `demand` the plan is predicted to serve: its exit meets the accuracy and its predicted latency the requirement.</summary>
    public static int Served(ModelDeployment plan, IReadOnlyList<Request> demand, LatencyPredictorView view, ModelSpec model)
    {
        var predicted = new Dictionary<string, (double LatencyS, double Accuracy)>(StringComparer.Ordinal);
        foreach (var t in plan.Tasks)
        {
            var task = model.Task(t.Task);
            predicted[t.Task] = (view.Predict(model, task, task.Exits[t.ExitIndex], plan.Partition), t.Accuracy);
        }
        int served = 0;
        foreach (var r in demand)
            if (r.Model == model.Name && predicted.TryGetValue(r.Task, out var p) && p.Accuracy >= r.MinAccuracy && p.LatencyS <= r.MaxLatencyS)
                served++;
        return served;
    }
}
