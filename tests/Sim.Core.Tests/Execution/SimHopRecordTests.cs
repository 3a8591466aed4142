namespace T2CSim.Tests.Core.Execution;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Execution;
using T2CSim.Core.Kernel;
using T2CSim.Core.Planning;
using T2CSim.Core.Simulation;

/// <summary>
/// The simulator's per-job hop records (SimulationOptions.Hops, docs/validation.md "Hop records") on
/// the one-task chain of TestbedExecutionTests (ideal 54.1 ms), hop by hop against hand-computed times,
/// and the IO thread beside a busy worker (TierExecution.IoShare) against a hand-computed quota clock.
/// </summary>
public class SimHopRecordTests
{
    private static Topology Thesis() => new(
        [new TierSpec("device", 3, 1), new TierSpec("edge", 3, 1), new TierSpec("cloud", 7, 1)],
        [new LinkSpec("sensor_device", 1e6, 0.001, 0), new LinkSpec("device_edge", 24e6, 0.003, 0), new LinkSpec("edge_cloud", 40e6, 0.005, 0)]);

    private static LayerSpec Layer(int p, double d, double e, double c, long bytes, string? task = null) => new(p, $"l{p}", task, [d / 1000, e / 1000, c / 1000], bytes);

    private static ModelSpec Chain() => new("chain", 2000, 2,
    [
        new TaskSpec("t",
            [Layer(1, 10, 5, 2, 6000), Layer(2, 20, 10, 4, 3000), Layer(3, 30, 15, 6, 400, "t")],
            [new ExitSpec("t", 0, "t.early", 1, [0.004, 0.002, 0.001], 8, 0.7), new ExitSpec("t", 1, "t.final", 3, [0.003, 0.0015, 0.0005], 8, 0.9)]),
    ]);

    /// <summary>Runs `jobs` jobs of task t at `exit`, all submitted when the deployment is ready (t = 1 s); each job's latency in ms.</summary>
    private static double[] Run(TestbedDescription testbed, PartitionPoints cuts, int exit, int jobs, HopRecorder? hops = null)
    {
        var model = Chain();
        var sim = new Simulation(1);
        var world = new SimulatedContinuum(sim, Thesis(), new SimulationOptions(0, [1, 1, 1], 0.5, 0.1, Testbed: testbed, Hops: hops));
        var plan = new ModelDeployment(model.Name, cuts, [new TaskAssignment("t", exit, 0.9, 0)], [0, 1, 2], []);
        var deployment = new Deployment(0, model, plan, 0);
        world.Launch(deployment, () => { });
        sim.Run(1);
        var done = Enumerable.Repeat(double.NaN, jobs).ToArray();
        for (int i = 0; i < jobs; i++)
        {
            int n = i;
            world.Infer(deployment, new InferenceJob([(model.Task("t"), model.Task("t").Exits[exit])], cuts, sim.Now, [], (_, _, at) => done[n] = at, (_, _, _) => { }));
        }
        sim.Run(2);
        return done.Select(d => (d - 1) * 1000).ToArray();
    }

    private static TestbedDescription Testbed(TierExecution device, TierExecution edge, LinkExecution link1) =>
        new("test", [device, edge, TierExecution.Ideal], [LinkExecution.Ideal, link1, LinkExecution.Ideal]);

    [Test]
    public void Each_hop_of_a_job_is_recorded_with_its_hand_computed_time_and_they_add_up_to_its_latency()
    {
        // Link 0: 2000 B at 1 Mbit/s + 1 ms = 17 ms; the device computes layer 1 (10 ms); link 1: send 0.2 ms,
        // 6000 B at 24 Mbit/s + 3 ms = 5 ms, wire overhead 0.4 ms, headers 0.5 x 2 ms = 1 ms: 6.6 ms; the
        // edge's receive 1 ms, then layer 2 (10 ms); link 2: 3000 B at 40 Mbit/s + 5 ms = 5.6 ms; the cloud:
        // layer 3 and the exit, 6.5 ms; its result 0. 56.7 ms in all. Without quotas a stage's CPU (what
        // it charged its tier, as the agent measures it) is its compute.
        var hops = new HopRecorder();
        var testbed = Testbed(TierExecution.Ideal, new TierExecution(1, 0, 0.001, 0), new LinkExecution(0.0002, 0.0004, 1.5));
        double latency = Run(testbed, new PartitionPoints(1, 2), 1, 1, hops)[0];
        Assert.That(latency, Is.EqualTo(56.7).Within(1e-6));
        var ms = hops.Hops.ToDictionary(h => $"{h.Hop} {h.What}", h => h.Seconds * 1000);
        var expected = new Dictionary<string, double>
        {
            ["link0 total"] = 17, ["link0 send"] = 0, ["link0 wire"] = 17, ["tier0 queue"] = 0, ["tier0 compute"] = 10, ["tier0 cpu"] = 10, ["tier0 lookup"] = 10,
            ["link1 total"] = 6.6, ["link1 send"] = 0.2, ["link1 wire"] = 6.4, ["tier1 queue"] = 1, ["tier1 compute"] = 10, ["tier1 cpu"] = 10, ["tier1 lookup"] = 10,
            ["link2 total"] = 5.6, ["link2 send"] = 0, ["link2 wire"] = 5.6, ["tier2 queue"] = 0, ["tier2 compute"] = 6.5, ["tier2 cpu"] = 6.5, ["tier2 lookup"] = 6.5,
            ["result@tier2 total"] = 0, ["result@tier2 latency"] = 56.7,
        };
        Assert.That(ms.Keys, Is.EquivalentTo(expected.Keys));
        foreach (var (key, value) in expected) Assert.That(ms[key], Is.EqualTo(value).Within(1e-6), key);
        Assert.That(hops.Hops.Select(h => h.Job).Distinct(), Is.EqualTo(new[] { 1L }));
        // Conservation: every moment of the job is in exactly one hop.
        double sum = new[] { "link0 total", "tier0 queue", "tier0 compute", "link1 total", "tier1 queue", "tier1 compute", "link2 total", "tier2 queue", "tier2 compute", "result@tier2 total" }.Sum(k => ms[k]);
        Assert.That(sum, Is.EqualTo(latency).Within(1e-6));
    }

    [Test]
    public void A_tier_that_passes_the_frame_on_counts_from_its_arrival_to_the_next_link()
    {
        // Cloud only (cuts (0, 0)): the device and the edge receive (0.3 ms each) and forward the raw frame
        // (2000 B: link 1 0.667 + 3 ms, link 2 0.4 + 5 ms). Link 1 counts from the frame's arrival on the
        // device, its receive included, as the testbed's trace does: 0.3 + 3.667 ms.
        var hops = new HopRecorder();
        var pass = new TierExecution(1, 0, 0.0003, 0);
        Run(Testbed(pass, pass, LinkExecution.Ideal), new PartitionPoints(0, 0), 1, 1, hops);
        var ms = hops.Hops.ToDictionary(h => $"{h.Hop} {h.What}", h => h.Seconds * 1000);
        Assert.That(ms["tier0 pass"], Is.EqualTo(0.3).Within(1e-6));
        Assert.That(ms["link1 total"], Is.EqualTo(0.3 + 2000 * 8 / 24e3 + 3).Within(1e-6));
        Assert.That(ms["link1 send"], Is.EqualTo(0.3).Within(1e-6));
        Assert.That(ms["link2 total"], Is.EqualTo(0.3 + 2000 * 8 / 40e3 + 5).Within(1e-6));
        Assert.That(ms.ContainsKey("tier0 compute"), Is.False);
    }

    [Test]
    public void Without_a_recorder_the_same_run_gives_the_same_latency()
    {
        var testbed = Testbed(TierExecution.Ideal, new TierExecution(1, 0, 0.001, 0), new LinkExecution(0.0002, 0.0004, 1.5));
        Assert.That(Run(testbed, new PartitionPoints(1, 2), 1, 1), Is.EqualTo(Run(testbed, new PartitionPoints(1, 2), 1, 1, new HopRecorder())));
    }

    [Test]
    public void A_results_return_after_a_stage_is_latency_and_beside_the_next_jobs_stage_shares_the_quota()
    {
        // The device: share 0.2 of a 20 ms period (quota 4 ms), result 1.5 ms; two jobs of the early exit
        // on the device (layer 1 + the exit: 14 ms of table = 2.8 ms of CPU). Both frames share the sensor
        // link (processor sharing): both arrive at 1033 ms, in period [1020, 1040).
        //   In line (io_share 0): A computes 1033-1035.8 (1.2 ms of the period's quota left); its result,
        //   with no other thread computing, is latency: handled at 1037.3 (on the quota it waited for
        //   1040: 40.3). The worker does not wait for the controller: B starts at 1035.8, runs the 1.2 ms
        //   left to 1037, is throttled to 1040, runs 0.8 + 0.8 ms to 1041.6; its result 1.5 ms later: 1043.1.
        //   Beside (io_share 0.5): B takes the worker at 1035.8, so A's result shares the group's ONE
        //   quota with B's stage: the 1.2 ms left in [1020, 1040) at half the CPU gives it 0.6 ms
        //   (1035.8-1037); the quota is then spent for both threads, so it waits for 1040; there, beside
        //   B's stage, its last 0.9 ms at half the CPU: 1041.8. A's result is charged first (its process
        //   resumes first at 1035.8): 1.2 ms in [1020, 1040) and 0.3 ms of [1040, 1060), which leaves 3.7;
        //   B's stage, asked for at 1035.8, is charged to that later period as the clock charges
        //   overlapping bursts (CpuQuotaClock.Charge), so it runs its 2.8 ms at once: 1038.6; its result
        //   with the worker idle, 1.5 ms later: 1040.1.
        TierExecution Device(double io) => new(0.2, 0.020, 0, 0.0015, IoShare: io);
        var inLine = Run(Testbed(Device(0), TierExecution.Ideal, LinkExecution.Ideal), new PartitionPoints(1, 2), 0, 2);
        var beside = Run(Testbed(Device(0.5), TierExecution.Ideal, LinkExecution.Ideal), new PartitionPoints(1, 2), 0, 2);
        Assert.That(inLine[0], Is.EqualTo(37.3).Within(1e-6));
        Assert.That(inLine[1], Is.EqualTo(43.1).Within(1e-6));
        Assert.That(beside[0], Is.EqualTo(41.8).Within(1e-6));
        Assert.That(beside[1], Is.EqualTo(40.1).Within(1e-6));
    }

    [Test]
    public void A_result_beside_the_next_jobs_stage_returns_after_its_drawn_number_of_quota_periods_or_when_the_worker_stops()
    {
        // The beside case above with the testbed's measured wait of an IO burst beside a computing worker
        // (quantiles [k, k]: k of the device's 20 ms periods whatever the draw). B takes the worker at
        // 1035.8 and, as without a quota model for the IO, runs its 2.8 ms: 1.2 left in [1020, 1040) to
        // 1037, throttled, 1.6 from 1040: its stage ends at 1041.6, its result alone 1.5 ms later, 1043.1.
        //   k = 0.1 (2 ms): A's result runs at 1037.8, B still computing: handled then (its CPU charged to
        //   the quota, the wall the draw's): 37.8.
        //   k = 3 (60 ms): the worker stops first, at 1041.6; A's result then runs alone, 1.5 ms: 43.1.
        TierExecution Device(double k) => new(0.2, 0.020, 0, 0.0015, IoShare: 0.5, BesideIoPeriods: [k, k]);
        var hops = new HopRecorder();
        var soon = Run(Testbed(Device(0.1), TierExecution.Ideal, LinkExecution.Ideal), new PartitionPoints(1, 2), 0, 2, hops);
        var late = Run(Testbed(Device(3), TierExecution.Ideal, LinkExecution.Ideal), new PartitionPoints(1, 2), 0, 2);
        Assert.That(soon, Is.EqualTo(new[] { 37.8, 43.1 }).Within(1e-6));
        Assert.That(late, Is.EqualTo(new[] { 43.1, 43.1 }).Within(1e-6));
        var returns = hops.Hops.Where(h => h.Hop == "result@tier0" && h.What == "total").OrderBy(h => h.Job).Select(h => h.Seconds * 1000).ToArray();
        Assert.That(returns, Is.EqualTo(new[] { 2.0, 1.5 }).Within(1e-6), "the result's hop counts from the stage's end");
        Assert.That(Device(1).IoBesideInPeriods, Is.True);
        Assert.That((Device(1) with { IoShare = 0 }).IoBesideInPeriods, Is.False, "the IO in line with the worker: no IO thread beside it");
    }

    [Test]
    public void A_result_sent_with_the_worker_idle_returns_after_a_draw_of_the_tiers_measured_returns()
    {
        // The two cases above, each return with the worker idle now a draw of result_alone_ms [9.5, 9.5] (9.5 ms
        // whatever the draw) in place of result_ms's 1.5; the worker's stages are unchanged.
        //   In line (io_share 0): A's result leaves at 1035.8: 1045.3; B's at 1041.6: 1051.1.
        //   Beside with k = 3 periods: the worker stops first at 1041.6; A's result then runs alone (9.5 ms):
        //   1051.1, and B's likewise.
        //   Beside with k = 0.1: A's result beside B's stage is the periods' draw as before (37.8); B's, alone, 51.1.
        TierExecution Device(double io, double k) => new(0.2, 0.020, 0, 0.0015, IoShare: io, BesideIoPeriods: io > 0 ? [k, k] : null, ResultAloneS: [0.0095, 0.0095]);
        Assert.That(Run(Testbed(Device(0, 0), TierExecution.Ideal, LinkExecution.Ideal), new PartitionPoints(1, 2), 0, 2), Is.EqualTo(new[] { 45.3, 51.1 }).Within(1e-6));
        Assert.That(Run(Testbed(Device(0.5, 3), TierExecution.Ideal, LinkExecution.Ideal), new PartitionPoints(1, 2), 0, 2), Is.EqualTo(new[] { 51.1, 51.1 }).Within(1e-6));
        Assert.That(Run(Testbed(Device(0.5, 0.1), TierExecution.Ideal, LinkExecution.Ideal), new PartitionPoints(1, 2), 0, 2), Is.EqualTo(new[] { 37.8, 51.1 }).Within(1e-6));
        // The distribution's inverse: quantiles 0.5, 0.7 and 8.5 ms at equal steps; u = 0.75 is halfway from 0.7 to 8.5: 4.6 ms.
        var tier = new TierExecution(0.2, 0.020, 0, 0.0007, ResultAloneS: [0.0005, 0.0007, 0.0085]);
        Assert.That(tier.ResultAloneAtS(0.75) * 1000, Is.EqualTo(4.6).Within(1e-9));
        Assert.That(tier.ResultAloneAtS(0.5) * 1000, Is.EqualTo(0.7).Within(1e-9));
        Assert.That((tier with { ResultAloneS = null }).ResultAloneAtS(0.99), Is.EqualTo(0.0007), "none: result_ms");
    }

    [Test]
    public void A_frame_arriving_beside_a_computing_worker_is_off_the_socket_after_the_drawn_periods_or_when_the_worker_stops()
    {
        // The whole network on the device (cuts (3, 3)): 63 ms of table, 12.6 ms of CPU at share 0.2 of a
        // 20 ms period. A is sent at 1000 and arrives at 1017 (16 + 1 ms of sensor link); it computes 3 ms
        // to 1020, 4 in [1020, 1024), 4 in [1040, 1044) and 1.6 from 1060: 1061.6. B is sent at 1017.5 and
        // reaches the device at 1034.5, its worker computing A.
        //   k = 0.5 (10 ms): B is off the socket at 1044.5 (link 27 ms), waits for the worker, starts at
        //   1061.6, so A's result goes beside B's stage: 10 ms, handled at 1071.6. B's stage: 2.4 ms left in
        //   [1060, 1080) to 1064, 4 in [1080, 1084), 4 in [1100, 1104), 2.2 from 1120: 1122.2, 104.7 ms after it was sent.
        //   k = 2 (40 ms): the worker stops first (1061.6): B is off the socket then (link 44.1 ms); A's
        //   result had gone with the worker idle (0 ms): 61.6; B as before: 104.7.
        double[] Run2(double k, HopRecorder? hops = null)
        {
            var model = Chain();
            var sim = new Simulation(1);
            var device = new TierExecution(0.2, 0.020, 0, 0, IoShare: 0.5, BesideIoPeriods: [k, k]);
            var world = new SimulatedContinuum(sim, Thesis(), new SimulationOptions(0, [1, 1, 1], 0.5, 0.1, Testbed: Testbed(device, TierExecution.Ideal, LinkExecution.Ideal), Hops: hops));
            var cuts = new PartitionPoints(3, 3);
            var deployment = new Deployment(0, model, new ModelDeployment(model.Name, cuts, [new TaskAssignment("t", 1, 0.9, 0)], [0, 1, 2], []), 0);
            world.Launch(deployment, () => { });
            sim.Run(1);
            var done = new double[2];
            foreach (var (n, at) in new[] { (0, 1.0), (1, 1.0175) })
            {
                sim.Run(at);
                double sent = sim.Now;
                world.Infer(deployment, new InferenceJob([(model.Task("t"), model.Task("t").Exits[1])], cuts, sent, [], (_, _, t) => done[n] = (t - sent) * 1000, (_, _, _) => { }));
            }
            sim.Run(2);
            return done;
        }
        var hops = new HopRecorder();
        Assert.That(Run2(0.5, hops), Is.EqualTo(new[] { 71.6, 104.7 }).Within(1e-6));
        Assert.That(hops.Hops.Where(h => h.Hop == "link0" && h.What == "total").OrderBy(h => h.Job).Select(h => h.Seconds * 1000), Is.EqualTo(new[] { 17.0, 27.0 }).Within(1e-6));
        hops = new HopRecorder();
        Assert.That(Run2(2, hops), Is.EqualTo(new[] { 61.6, 104.7 }).Within(1e-6));
        Assert.That(hops.Hops.Where(h => h.Hop == "link0" && h.What == "total").OrderBy(h => h.Job).Select(h => h.Seconds * 1000), Is.EqualTo(new[] { 17.0, 44.1 }).Within(1e-6));
    }

    [Test]
    public void The_return_beside_a_computing_worker_is_drawn_from_its_quantiles_in_quota_periods()
    {
        // Quantiles 0, 1 and 4 periods of a 2 ms period at equal steps: u = 0.75 is halfway from 1 to 4, 2.5 periods: 5 ms.
        var cloud = new TierExecution(0.575, 0.002, 0, 0.0004, IoShare: 0.5, BesideIoPeriods: [0, 1, 4]);
        Assert.That(cloud.BesideIoAtS(0.75) * 1000, Is.EqualTo(5).Within(1e-9));
        Assert.That(cloud.BesideIoAtS(0) * 1000, Is.EqualTo(0).Within(1e-9));
        Assert.That(cloud.BesideIoAtS(1) * 1000, Is.EqualTo(8).Within(1e-9));
        Assert.That(cloud.BesideIoAtS(0.25) * 1000, Is.EqualTo(1).Within(1e-9));
    }

    [Test]
    public void The_forward_does_not_wait_for_a_results_return_to_the_controller()
    {
        // Two tasks on the chain's stem: a exits on the device after position 1, b runs on to its final
        // exit on the cloud (cuts (1, 2)). The device's result_ms is the return of a's result to the
        // controller: a is done that long after the device's stage (no quota: 16 + 1 ms of sensor link,
        // layer 1's 10 ms and a's exit head 4 ms: 31 ms, + 5 ms = 36 ms), while b's frame is forwarded
        // at the stage's end, so b's latency is the same whatever the device's return costs.
        LayerSpec L(int p, double d, double e, double c, long bytes, string? task = null) => Layer(p, d, e, c, bytes, task);
        TaskSpec Task(string name) => new(name, [L(1, 10, 5, 2, 6000), L(2, 20, 10, 4, 3000), L(3, 30, 15, 6, 400, name)],
            [new ExitSpec(name, 0, $"{name}.early", 1, [0.004, 0.002, 0.001], 8, 0.7), new ExitSpec(name, 1, $"{name}.final", 3, [0.003, 0.0015, 0.0005], 8, 0.9)]);
        var model = new ModelSpec("two", 2000, 2, [Task("a"), Task("b")]);
        var cuts = new PartitionPoints(1, 2);
        (double A, double B) Done(double deviceResultS)
        {
            var sim = new Simulation(1);
            var testbed = Testbed(new TierExecution(1, 0, 0, deviceResultS), TierExecution.Ideal, LinkExecution.Ideal);
            var world = new SimulatedContinuum(sim, Thesis(), new SimulationOptions(0, [1, 1, 1], 0.5, 0.1, Testbed: testbed));
            var plan = new ModelDeployment(model.Name, cuts, [new TaskAssignment("a", 0, 0.7, 0), new TaskAssignment("b", 1, 0.9, 0)], [0, 1, 2], []);
            var deployment = new Deployment(0, model, plan, 0);
            world.Launch(deployment, () => { });
            sim.Run(1);
            var done = new double[2];
            world.Infer(deployment, new InferenceJob([(model.Task("a"), model.Task("a").Exits[0]), (model.Task("b"), model.Task("b").Exits[1])], cuts, sim.Now, [],
                (_, slot, at) => done[slot] = (at - 1) * 1000, (_, _, _) => { }));
            sim.Run(2);
            return (done[0], done[1]);
        }
        var (a5, b5) = Done(0.005);
        var (a0, b0) = Done(0);
        Assert.That(a0, Is.EqualTo(31).Within(1e-6));
        Assert.That(a5, Is.EqualTo(36).Within(1e-6));
        Assert.That(b5, Is.EqualTo(b0).Within(1e-9), "the forward left at the stage's end in both");
        Assert.That(b0, Is.GreaterThan(a0));
    }

    [Test]
    public void An_io_burst_beside_the_worker_waits_for_the_next_period_when_the_worker_has_spent_the_groups_quota()
    {
        // Quota 2 ms per 10 ms; the worker's burst of 6 ms from 0 runs 0-2, 10-12, 20-22.
        double Beside(double startMs, double cpuMs)
        {
            var clock = new CpuQuotaClock(0.002, 0.010);
            clock.Run(0, 0.006);
            return clock.BesideEnd(startMs / 1000, cpuMs / 1000, 0.5) * 1000;
        }
        // 0.4 ms at 0.5 ms: 1.5 ms of quota left, half the CPU: 0.8 ms of wall.
        Assert.That(Beside(0.5, 0.4), Is.EqualTo(1.3).Within(1e-9));
        // At 3 ms the worker has spent the period's quota: both throttled to 10, then half the CPU: 10.8.
        Assert.That(Beside(3, 0.4), Is.EqualTo(10.8).Within(1e-9));
        // At 21 ms: 1 ms left, 0.4 at half the CPU: 21.8.
        Assert.That(Beside(21, 0.4), Is.EqualTo(21.8).Within(1e-9));
        // At 21.5 ms: 0.25 ms to 22, where the period's quota is spent; the other 0.35 ms from the next
        // period's start, beside the worker still computing (its stage's next step): 30.7.
        Assert.That(Beside(21.5, 0.6), Is.EqualTo(30.7).Within(1e-9));
        // A burst that started mid-period with 1.5 ms already used leaves 0.5 ms of quota: 0.2 ms of IO
        // CPU from 0.1 ms after the burst's start finds 1.6 used: 0.4 left, 0.2 at half the CPU: 55.5.
        var clock = new CpuQuotaClock(0.002, 0.010);
        clock.Run(0.050, 0.0015);
        clock.Run(0.055, 0.003);
        Assert.That(clock.BesideEnd(0.0551, 0.0002, 0.5) * 1000, Is.EqualTo(55.5).Within(1e-9));
    }

    [Test]
    public void A_tiers_measured_stage_spread_adds_amounts_drawn_from_its_quantiles()
    {
        // The device without a quota: a stage's compute is its table time + the drawn amount, so
        // compute - lookup is the amount itself. Quantiles 0 and 10 ms: amounts uniform in [0, 10] ms
        // (mean 5, sd 10 / sqrt(12) = 2.89 ms; 300 jobs: the mean within 0.5 ms); quantiles -1, 0, 4 ms:
        // half the amounts in [-1, 0], half in [0, 4] (the median 0 within 0.4 ms, the mean 0.75 within 0.3).
        double[] Extras(double[] quantiles, int seed = 1)
            => DeviceStages(new TierExecution(1, 0, 0, 0) with { StageSpreadS = quantiles }, seed)
                .Select(s => (s.Compute - s.Lookup) * 1000).ToArray();
        var uniform = Extras([0, 0.010]);
        Assert.That(uniform, Has.Length.EqualTo(300));
        Assert.That(uniform, Has.All.InRange(-1e-9, 10 + 1e-9));
        Assert.That(uniform.Average(), Is.EqualTo(5).Within(0.5));
        double sd = Math.Sqrt(uniform.Sum(x => (x - 5) * (x - 5)) / uniform.Length);
        Assert.That(sd, Is.EqualTo(2.89).Within(0.3));
        var skewed = Extras([-0.001, 0, 0.004]);
        Assert.That(skewed, Has.All.InRange(-1 - 1e-9, 4 + 1e-9));
        Assert.That(skewed.Order().ElementAt(150), Is.EqualTo(0).Within(0.4));
        Assert.That(skewed.Average(), Is.EqualTo(0.75).Within(0.3));
        Assert.That(Extras([0, 0.010]), Is.EqualTo(uniform), "the same seed gives the same draws");
        Assert.That(Extras([0, 0.010], seed: 2), Is.Not.EqualTo(uniform));
    }

    [Test]
    public void A_tiers_fitted_spread_multiplies_each_stages_cpu_by_a_seeded_lognormal_of_mean_one()
    {
        // The device without a quota: a stage's compute is its table time x the multiplier, so
        // compute / lookup is the multiplier itself: 300 jobs' log-ratios have sd 0.3 and the ratios mean 1.
        // Sigma 0 is today's constants: every ratio exactly 1 (the scenario's noise is 0 here).
        double[] Ratios(double sigma, int seed = 1)
            => DeviceStages(new TierExecution(1, 0, 0, 0, ComputeSigma: sigma), seed)
                .Select(s => s.Compute / s.Lookup).ToArray();
        Assert.That(Ratios(0), Has.All.EqualTo(1).Within(1e-9));
        var spread = Ratios(0.3);
        Assert.That(spread, Has.Length.EqualTo(300));
        var logs = spread.Select(r => Math.Log(r)).ToArray();
        double mean = logs.Average(), sd = Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / (logs.Length - 1));
        Assert.That(sd, Is.EqualTo(0.3).Within(0.04));
        Assert.That(spread.Average(), Is.EqualTo(1).Within(0.06));
        Assert.That(Ratios(0.3), Is.EqualTo(spread), "the same seed gives the same draws");
        Assert.That(Ratios(0.3, seed: 2), Is.Not.EqualTo(spread));
    }

    /// <summary>300 one-stage jobs of the chain's model on a device with the given execution terms (no quota,
    /// ideal edge, cloud and links): each job's device compute and lookup hop, in seconds.</summary>
    static (double Compute, double Lookup)[] DeviceStages(TierExecution device, int seed)
    {
        var hops = new HopRecorder();
        var model = Chain();
        var sim = new Simulation(seed);
        var testbed = Testbed(device, TierExecution.Ideal, LinkExecution.Ideal);
        var world = new SimulatedContinuum(sim, Thesis(), new SimulationOptions(0, [1, 1, 1], 0.5, 0.1, Testbed: testbed, Hops: hops));
        var cuts = new PartitionPoints(1, 2);
        var plan = new ModelDeployment(model.Name, cuts, [new TaskAssignment("t", 0, 0.9, 0)], [0, 1, 2], []);
        var deployment = new Deployment(0, model, plan, 0);
        world.Launch(deployment, () => { });
        sim.Run(1);
        for (int i = 0; i < 300; i++)
            world.Infer(deployment, new InferenceJob([(model.Task("t"), model.Task("t").Exits[0])], cuts, sim.Now, [], (_, _, _) => { }, (_, _, _) => { }));
        sim.Run(100);
        return hops.Hops.Where(h => h.Hop == "tier0").GroupBy(h => h.Job)
            .Select(g => (g.Single(h => h.What == "compute").Seconds, g.Single(h => h.What == "lookup").Seconds)).ToArray();
    }
}
