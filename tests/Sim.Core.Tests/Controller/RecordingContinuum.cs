namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;

/// <summary>
/// A world that does nothing by itself: it records what the controller's parts ask of it (launches,
/// inferences, shutdowns, timers), and the test decides when a model is up, a timer fires or a task
/// is done. For unit tests of one part without the simulator.
/// </summary>
internal sealed class RecordingContinuum(Topology topology) : IContinuum
{
    public double Now { get; set; }
    public List<(double AtS, Action Action)> Timers { get; } = [];
    public List<(Deployment Deployment, Action Ready)> Launched { get; } = [];
    public List<(Deployment Deployment, InferenceJob Job)> Inferences { get; } = [];
    public List<Deployment> ShutDown { get; } = [];

    public void Schedule(double delayS, Action action) => Timers.Add((Now + delayS, action));
    public void Launch(Deployment deployment, Action ready) => Launched.Add((deployment, ready));
    public void Reconfigure(Deployment deployment, ModelDeployment newPlan, Action ready) => ready();
    public void Shutdown(Deployment deployment) => ShutDown.Add(deployment);
    public void Infer(Deployment deployment, InferenceJob job) => Inferences.Add((deployment, job));
    public LinkReading[] ReadLinks() => topology.Links.Select(l => new LinkReading(l.CapacityBps, l.BackgroundBps, l.PropagationS)).ToArray();
    public long ControlBytes => 0;

    /// <summary>Moves the clock to `timeS` and runs the timers due by then, in order.</summary>
    public void AdvanceTo(double timeS)
    {
        while (Timers.Where(t => t.AtS <= timeS).OrderBy(t => t.AtS).FirstOrDefault() is { Action: not null } due)
        {
            Timers.Remove(due);
            Now = due.AtS;
            due.Action();
        }
        Now = timeS;
    }

    public static LatencyPredictorView View(Topology topology, params ModelSpec[] models) =>
        new(new LatencyPredictor(topology, new ModelCatalog(models)), NetworkState.FromTopology(topology), Enumerable.Repeat(1.0, topology.TierCount).ToArray());
}
