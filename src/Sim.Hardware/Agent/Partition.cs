namespace T2CSim.Hardware.Agent;

using T2CSim.Hardware.Models;
using T2CSim.Hardware.Transport;

/// <summary>
/// A deployment's partition loaded on this agent: its model's network (built from the ModelZoo seed,
/// so every agent holds identical weights), the tier's position range and the exits, and what it ran.
/// Jobs carry their own partition points, so a job started before a reconfiguration finishes with
/// the points it started with; a shut-down partition's queued jobs still hold this object.
/// </summary>
public sealed class Partition(int deploymentId, MultiTaskNetwork network, PartitionCommand command)
{
    private long _jobs;
    private long _stageTicks;

    public int DeploymentId { get; } = deploymentId;
    public MultiTaskNetwork Network { get; } = network;
    public PartitionCommand Command { get; set; } = command;

    public void Ran(TimeSpan stage)
    {
        Interlocked.Increment(ref _jobs);
        Interlocked.Add(ref _stageTicks, stage.Ticks);
    }

    public PartitionStatus Status()
    {
        long jobs = Interlocked.Read(ref _jobs);
        return new PartitionStatus(DeploymentId, (int)Math.Min(int.MaxValue, jobs), jobs == 0 ? 0 : TimeSpan.FromTicks(Interlocked.Read(ref _stageTicks)).TotalSeconds / jobs);
    }
}
