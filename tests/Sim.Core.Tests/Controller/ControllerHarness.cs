namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Kernel;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;
using T2CSim.Core.Simulation;

/// <summary>
/// A controller on a simulated continuum with hand-placed arrivals and link changes, so tests can
/// tell exactly when things must happen. Every run is checked for conservation of requests.
/// </summary>
internal sealed class ControllerHarness
{
    public Simulation Sim { get; }
    public SimulatedContinuum World { get; }
    public T2CController Controller { get; }

    public ControllerHarness(Topology topology, IReadOnlyList<ModelSpec> models, string algorithm, ControllerSettings settings,
        double noise = 0, double[]? slowdown = null, long seed = 1)
    {
        Sim = new Simulation(seed);
        World = new SimulatedContinuum(Sim, topology,
            new SimulationOptions(noise, slowdown ?? Enumerable.Repeat(1.0, topology.TierCount).ToArray(), settings.DeploymentTimeS, settings.ReconfigurationDowntimeS));
        Controller = new T2CController(World, new LatencyPredictor(topology, new ModelCatalog(models)), AlgorithmCatalog.Get(algorithm), settings);
        Controller.Start();
    }

    public void SubmitAt(double atS, Request request) => Sim.Schedule(atS, () => Controller.Submit(request with { ArrivalS = atS }));

    /// <summary>Requests of one (model, task) every `everyS` seconds from `fromS` until `toS`.</summary>
    public void SubmitEvery(double fromS, double toS, double everyS, string model, string task, double minAccuracy, double maxLatencyS, int firstId = 0)
    {
        int id = firstId;
        for (double t = fromS; t < toS - 1e-9; t += everyS)
            SubmitAt(t, new Request(id++, t, model, task, minAccuracy, maxLatencyS));
    }

    public void SetCapacityAt(double atS, int link, double capacityBps) => Sim.Schedule(atS, () => World.SetCapacity(link, capacityBps));

    public void Run(double untilS)
    {
        Sim.Run(untilS);
        Controller.Stop();
        AssertConservation(Controller.Log);
    }

    public RequestRecord Record(int id) => Controller.Log.Requests.Single(r => r.Request.Id == id);

    public static void AssertConservation(RunLog log)
    {
        int served = log.Requests.Count(r => r.Outcome == RequestOutcome.Served);
        int missed = log.Requests.Count(r => r.Outcome == RequestOutcome.Missed);
        int unserved = log.Requests.Count(r => r.Outcome == RequestOutcome.Unserved);
        Assert.That(served + missed + unserved, Is.EqualTo(log.Requests.Count), "arrived = served + missed + unserved");
        Assert.That(log.Requests.Where(r => r.Ran).All(r => !double.IsNaN(r.StartedS) && r.CompletedS >= r.StartedS), "every request that ran has a start and an end");
        Assert.That(log.Requests.Where(r => r.Outcome == RequestOutcome.Unserved).All(r => r.Reason.Length > 0), "every unserved request says why");
    }
}
