namespace T2CSim.Core.Execution;

/// <summary>
/// One hop of one simulated job, in the terms of the testbed's job trace (Sim.Hardware's JobTrace,
/// docs/validation.md "Hop records"), so a simulated run and a measured one compare hop by hop:
///   link k      total   upstream ready (previous stage's end; the arrival on a tier that only passes the
///                       frame on; the inference's start for the sensor) -> frame off the link at tier k
///               send    upstream ready -> handed to the link (the results sent first, the send burst)
///               wire    handed to the link -> arrived (waiting behind other frames on an in-order link,
///                       serialisation, propagation, wire overhead and headers)
///   tier k      queue   arrival -> stage start (receive, waiting for the partition and a core)
///               compute stage start -> its last position done (fixed cost and positions under the quota)
///               lookup  the table's time of the stage (unscaled)
///   result@tier k total the stage's last position done -> the task's result handled on the controller
///                       (after the results before it on the same tier)
///               latency the inference's start -> that result handled (what the request is judged on)
///   tier k      pass    arrival on a tier with nothing to compute -> its receive done
/// </summary>
public readonly record struct SimHop(long Job, string Model, string Partition, string Hop, string What, double Seconds);

/// <summary>
/// Collects <see cref="SimHop"/>s of a simulated run when asked for (SimulationOptions.Hops: the
/// validation suite); without a recorder nothing is recorded and nothing is allocated for it.
/// </summary>
public sealed class HopRecorder
{
    private readonly List<SimHop> _hops = [];

    public IReadOnlyList<SimHop> Hops => _hops;

    public void Add(long job, string model, string partition, string hop, string what, double seconds) =>
        _hops.Add(new SimHop(job, model, partition, hop, what, seconds));
}
