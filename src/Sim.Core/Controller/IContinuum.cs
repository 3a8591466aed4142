namespace T2CSim.Core.Controller;

using T2CSim.Core.Planning;

/// <summary>
/// The one small interface between the T2C controller and the world it deploys into: the simulated
/// tiers and links of Sim.Core, or real agents on a testbed (Sim.Hardware). The controller never
/// learns which. Everything it does happens through these calls, and everything it learns comes back
/// through the callbacks of <see cref="InferenceJob"/> and <see cref="IContinuumListener"/>.
/// </summary>
public interface IContinuum
{
    /// <summary>Current time in seconds since the start of the run (simulated or wall clock).</summary>
    double Now { get; }

    /// <summary>Calls `action` after `delayS` seconds, on the controller's thread.</summary>
    void Schedule(double delayS, Action action);

    /// <summary>Starts the partitions of a planned deployment on its tiers; calls `ready` once it can serve.</summary>
    void Launch(Deployment deployment, Action ready);

    /// <summary>Moves a serving deployment to new partition points or exits (within its tiers); `ready` when it serves again.</summary>
    void Reconfigure(Deployment deployment, ModelDeployment newPlan, Action ready);

    /// <summary>Removes a deployment's partitions and frees its slots.</summary>
    void Shutdown(Deployment deployment);

    /// <summary>Runs one inference of a deployed model on the current sensor frame, for the tasks of `job`.</summary>
    void Infer(Deployment deployment, InferenceJob job);

    /// <summary>
    /// What the resource monitor reads of each link: capacity and measured throughput, bits/s. Read at
    /// once: a world may hand out the same array, overwritten, at the next report.
    /// </summary>
    LinkReading[] ReadLinks();

    /// <summary>Control-plane bytes exchanged so far (registrations, status reports, commands).</summary>
    long ControlBytes { get; }
}
