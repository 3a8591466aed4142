namespace T2CSim.Core.Running;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Randomness;
using T2CSim.Core.Scenarios;

/// <summary>
/// What a run needs of its world beyond what the controller needs (<see cref="IContinuum"/>): how
/// time is driven (a simulated clock, or the wall clock of the testbed's real-time loop), how a
/// scenario event is applied to the links and tiers, and what was carried. Everything else about a
/// run is the same in both worlds and lives once, in <see cref="RunDriver"/>.
/// </summary>
public interface IRunWorld : IContinuum
{
    /// <summary>The run's random streams (the workload draws from them: same seed, same requests in both worlds).</summary>
    RandomStreams Random { get; }

    /// <summary>The controller is made: the world reports tier losses and restorations to it (and may log into its RunLog).</summary>
    void Begin(T2CController controller);

    /// <summary>Calls `action` at absolute time `timeS` (seconds since the run started).</summary>
    void At(double timeS, Action action);

    /// <summary>Submits each request at its arrival time, in order (lazily: a day of requests need not be held at once).</summary>
    void Play(IEnumerable<Request> requests, Action<Request> submit);

    /// <summary>Calls `action` now and then every `periodS` seconds until the run ends.</summary>
    void Every(double periodS, Action action);

    /// <summary>A scenario's link change: link `link` (every sensor link for 0) gets this capacity and/or background traffic (null: unchanged).</summary>
    void ChangeLink(int link, double? capacityBps, double? backgroundBps);

    /// <summary>A scenario's outage starts: the world drops what it cuts off and tells the controller (TierLost).</summary>
    void TakeDown(Outage outage);

    /// <summary>The outage ends: the world serves again behind it and tells the controller (TierRestored) once nothing else keeps that tier cut.</summary>
    void BringUp(Outage outage);

    /// <summary>Runs the world until `endS` seconds since the start.</summary>
    void RunUntil(double endS);

    /// <summary>Data bytes carried so far per link (chain order; the sensor link counts every model's).</summary>
    IReadOnlyList<long> LinkBytes();

    /// <summary>Data bytes carried so far over link `link` (as LinkBytes()[link], without copying every link: node-class sampling).</summary>
    long LinkBytes(int link) => LinkBytes()[link];

    /// <summary>Core-seconds node `node`'s cores have computed so far (counted as each stage ends); NaN when the world does not know (the testbed).</summary>
    double BusyCoreSeconds(int node) => double.NaN;

    /// <summary>For the timing file: events processed (simulation) or requests handled (testbed).</summary>
    long EventsProcessed(RunLog log);
}
