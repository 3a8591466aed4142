namespace T2CSim.Tests.Core.Execution;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Execution;
using T2CSim.Core.Kernel;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;
using T2CSim.Core.Simulation;

/// <summary>
/// Each execution-model term of a testbed description (docs/validation.md) against a latency worked
/// out by hand, on the one-task chain of ExecutionModelTests (ideal: 54.1 ms across three tiers, 31 ms
/// for the early exit on the device). The deployment is ready at t = 1 s.
/// </summary>
public class TestbedExecutionTests
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

    private static TestbedDescription Testbed(TierExecution? device = null, TierExecution? edge = null, TierExecution? cloud = null, LinkExecution? link1 = null) =>
        new("test", [device ?? TierExecution.Ideal, edge ?? TierExecution.Ideal, cloud ?? TierExecution.Ideal],
            [LinkExecution.Ideal, link1 ?? LinkExecution.Ideal, LinkExecution.Ideal]);

    /// <summary>Latency of one job of task t at the given exit (ms, from the deployment being ready).</summary>
    private static double LatencyMs(TestbedDescription? testbed, PartitionPoints cuts, int exit)
    {
        var model = Chain();
        var sim = new Simulation(1);
        var world = new SimulatedContinuum(sim, Thesis(), new SimulationOptions(0, [1, 1, 1], 0.5, 0.1, Testbed: testbed));
        var plan = new ModelDeployment(model.Name, cuts, [new TaskAssignment("t", exit, 0.9, 0)], [0, 1, 2], []);
        var deployment = new Deployment(0, model, plan, 0);
        world.Launch(deployment, () => { });
        sim.Run(1);
        double done = double.NaN;
        var job = new InferenceJob([(model.Task("t"), model.Task("t").Exits[exit])], cuts, sim.Now, [], (_, _, at) => done = at, (_, _, _) => { });
        world.Infer(deployment, job);
        sim.Run(2);
        return (done - 1) * 1000;
    }

    [Test]
    public void A_description_of_zeros_is_the_ideal_world()
    {
        Assert.That(LatencyMs(Testbed(), new PartitionPoints(1, 2), 1), Is.EqualTo(54.1).Within(1e-6));
        Assert.That(LatencyMs(null, new PartitionPoints(1, 2), 1), Is.EqualTo(54.1).Within(1e-6));
    }

    [Test]
    public void The_result_return_to_the_controller_adds_the_exit_tiers_result_cost()
    {
        // 54.1 ms + the cloud's 2 ms from its result to handled on the controller.
        Assert.That(LatencyMs(Testbed(cloud: new TierExecution(1, 0, 0, 0.002)), new PartitionPoints(1, 2), 1), Is.EqualTo(56.1).Within(1e-6));
    }

    [Test]
    public void A_hop_pays_its_send_its_wire_and_headers_and_the_receivers_receive()
    {
        // Link 1 (device -> edge, 6000 B at 24 Mbit/s = 2 ms): send 0.2 ms, wire overhead 0.4 ms,
        // headers 1.5 x the payload: 0.5 x 2 ms = 1 ms more; the edge's receive 1 ms. 54.1 + 2.6 = 56.7 ms.
        var testbed = Testbed(edge: new TierExecution(1, 0, 0.001, 0), link1: new LinkExecution(0.0002, 0.0004, 1.5));
        Assert.That(LatencyMs(testbed, new PartitionPoints(1, 2), 1), Is.EqualTo(56.7).Within(1e-6));
    }

    [Test]
    public void A_cpu_quota_runs_a_short_stage_at_full_speed_and_throttles_what_crosses_it()
    {
        // Early exit on the device: layer 1 (10 ms) + exit head (4 ms) in the table, at a CPU share of
        // 0.2: 2.8 ms of host CPU. Quota 2 ms per 10 ms period (periods start at multiples of 10 ms).
        // The frame arrives at 1.017 s (16 ms + 1 ms): runs 2 ms to 1.019, throttled to 1.020, runs
        // 0.8 ms: done at 1.0208 s, 20.8 ms (the table's mean rate says 31 ms).
        var device = new TierExecution(0.2, 0.010, 0, 0);
        Assert.That(LatencyMs(Testbed(device: device), new PartitionPoints(1, 2), 0), Is.EqualTo(20.8).Within(1e-6));
        // Its result's return (1.5 ms) is latency off the quota: handled at 1.0223 s, 22.3 ms, though the
        // stage left only 1.2 ms of the period's quota (on the quota it waited for the next period: 30.3 ms).
        Assert.That(LatencyMs(Testbed(device: device with { ResultS = 0.0015 }), new PartitionPoints(1, 2), 0), Is.EqualTo(22.3).Within(1e-6));
    }

    [Test]
    public void A_stages_wait_for_a_host_cpu_is_wall_time_off_the_quota()
    {
        // The early exit above (2.8 ms of CPU under 2 ms per 10 ms from 1.017 s: done at 1.0208 s) where a
        // stage waits 0.5 s for a host CPU per second of its CPU: 1.4 ms more wall after its bursts, 22.2 ms.
        // As CPU on the quota the same 1.4 ms would have crossed the period's quota: 4.2 ms, 30.2 ms.
        var device = new TierExecution(0.2, 0.010, 0, 0, CpuWaitRatio: 0.5);
        Assert.That(LatencyMs(Testbed(device: device), new PartitionPoints(1, 2), 0), Is.EqualTo(22.2).Within(1e-6));
        // The host's contention, not its speed: 1.5 x as slow, the CPU is 4.2 ms (done at 1.0302 s, the test
        // below) and the wait 0.5 x 4.2 = 2.1 ms: 32.3 ms.
        Assert.That(LatencyMs(Testbed(device: device).AtHostSpeed(1.5), new PartitionPoints(1, 2), 0), Is.EqualTo(32.3).Within(1e-6));
        Assert.That(Testbed(device: device).AtHostSpeed(1.5).Tiers[0].CpuWaitRatio, Is.EqualTo(0.5));
    }

    [Test]
    public void A_slower_host_scales_a_stages_cpu_terms_and_not_its_quota_or_io()
    {
        // The early exit of the test above on a host 1.5 x as slow as at calibration: 2.8 x 1.5 = 4.2 ms of
        // CPU from 1.017 s under 2 ms per 10 ms: 2 ms to 1.019, throttled to 1.020, 2 ms to 1.022,
        // throttled to 1.030, 0.2 ms: 30.2 ms. The result's return (1.5 ms) is not the host's speed: 31.7.
        var device = new TierExecution(0.2, 0.010, 0, 0.0015);
        var slower = Testbed(device: device).AtHostSpeed(1.5);
        Assert.That(LatencyMs(slower, new PartitionPoints(1, 2), 0), Is.EqualTo(31.7).Within(1e-6));
        Assert.That(slower.Tiers[0] with { ComputeFactor = 1 }, Is.EqualTo(device), "only the compute terms change");
        Assert.That(slower.Tiers[0].ComputeFactor, Is.EqualTo(1.5));
        // A fixed cost and a spread's amounts are CPU as well; the split is a table time and stays.
        var spread = new TierExecution(0.2, 0.010, 0, 0, StageS: 0.0004, StageSpreadS: [-0.001, 0.002], LongStageSpreadS: [0, 0.004], SpreadSplitS: 0.02);
        var t = Testbed(device: spread).AtHostSpeed(2).Tiers[0];
        Assert.That(t.StageS, Is.EqualTo(0.0008).Within(1e-12));
        Assert.That(t.StageSpreadS, Is.EqualTo(new[] { -0.002, 0.004 }).Within(1e-12));
        Assert.That(t.LongStageSpreadS, Is.EqualTo(new[] { 0, 0.008 }).Within(1e-12));
        Assert.That(t.SpreadSplitS, Is.EqualTo(0.02));
        var asCalibrated = Testbed(device: device);
        Assert.That(asCalibrated.AtHostSpeed(1), Is.SameAs(asCalibrated), "at the calibration's speed: the description itself");
        Assert.Throws<ArgumentOutOfRangeException>(() => Testbed().AtHostSpeed(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Testbed().AtHostSpeed(double.NaN));
    }

    [Test]
    public void Each_tier_runs_at_its_own_speed_ratio()
    {
        // The early exit above (device only). At the device's own 1.5: 31.7 ms, as with the host's 1.5.
        var device = new TierExecution(0.2, 0.010, 0, 0.0015);
        var edge = new TierExecution(0.5, 0.004, 0, 0.001, StageS: 0.0002);
        Assert.That(LatencyMs(Testbed(device: device, edge: edge).AtTierSpeeds([1.5, 1, 1]), new PartitionPoints(1, 2), 0), Is.EqualTo(31.7).Within(1e-6));
        // The edge and the cloud slower leave it as calibrated: 2.8 ms of CPU from 1.017 s under 2 ms per
        // 10 ms: 2 ms to 1.019, throttled to 1.020, 0.8 ms to 1.0208; the return 1.5 ms: 22.3 ms.
        Assert.That(LatencyMs(Testbed(device: device, edge: edge).AtTierSpeeds([1, 1.5, 1.5]), new PartitionPoints(1, 2), 0), Is.EqualTo(22.3).Within(1e-6));
        var scaled = Testbed(device: device, edge: edge).AtTierSpeeds([1, 2, 1]);
        Assert.That(scaled.Tiers[0], Is.EqualTo(device));
        Assert.That(scaled.Tiers[1].ComputeFactor, Is.EqualTo(2));
        Assert.That(scaled.Tiers[1].StageS, Is.EqualTo(0.0004).Within(1e-12));
        Assert.That(scaled.Tiers[2], Is.EqualTo(TierExecution.Ideal), "a tier left ideal stays so");
        var asCalibrated = Testbed(device: device);
        Assert.That(asCalibrated.AtTierSpeeds([1, 1, 1]), Is.SameAs(asCalibrated));
        Assert.Throws<ArgumentException>(() => asCalibrated.AtTierSpeeds([1.5, 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => asCalibrated.AtTierSpeeds([1, -1, 1]));
    }

    [Test]
    public void A_quota_overrun_lets_a_stage_finish_past_the_quota()
    {
        // The same early exit (2.8 ms of host CPU from 1.017 s) with the kernel throttling 1 ms late:
        // the group may run 2 + 1 ms, so the stage runs through to 1.0198 s (19.8 ms, not 20.8) and
        // leaves 2 - 2.8 = -0.8 ms of quota (its second step, the exit head, goes on from the first: the
        // same run). Its result's return (1.5 ms, latency off the quota) is handled at 1.0213 s, 21.3 ms.
        var device = new TierExecution(0.2, 0.010, 0, 0, QuotaOverrunS: 0.001);
        Assert.That(LatencyMs(Testbed(device: device), new PartitionPoints(1, 2), 0), Is.EqualTo(19.8).Within(1e-6));
        Assert.That(LatencyMs(Testbed(device: device with { ResultS = 0.0015 }), new PartitionPoints(1, 2), 0), Is.EqualTo(21.3).Within(1e-6));
    }

    [Test]
    public void The_quota_clock_pays_an_overrun_from_the_next_periods_so_a_busy_tier_still_gets_its_share()
    {
        // Quota 1 ms per 10 ms, the kernel throttling 0.5 ms late.
        var clock = new CpuQuotaClock(0.001, 0.010, 0.0005);
        // From idle, 1.4 ms runs unthrottled.
        Assert.That(clock.Run(0, 0.0014), Is.EqualTo(0.0014).Within(1e-12));
        // 0.4 ms overrun: the next burst waits for period 1, which leaves 0.6 ms (+0.5): 1.1 ms to 11.1 ms,
        // then -0.5 left; 1 ms more waits for period 2 (0.5 left, +0.5): 1 ms to 21 ms.
        Assert.That(clock.Run(0.002, 0.0011), Is.EqualTo(0.0111).Within(1e-12));
        Assert.That(clock.Run(0.0111, 0.001), Is.EqualTo(0.021).Within(1e-12));
        // Back to back, 3.5 ms over 21 ms: the share's 1 ms per period plus the one overrun of 0.5 ms.
        // A fresh clock's closed form agrees with the stateful one: 2 ms from 9.5 ms runs 0.5 to the period's
        // end, then 1.5 (a whole quota + overrun): 2 ms of wall; from a period's start 1.5, wait, 0.5: 10.5 ms.
        Assert.That(CpuQuotaClock.BurstWallS(0.002, 0.001, 0.010, 0.95, 0, 0.0005), Is.EqualTo(0.002).Within(1e-12));
        Assert.That(CpuQuotaClock.FreshPeriodWallS(0.002, 0.001, 0.010, 0.0005), Is.EqualTo(0.0105).Within(1e-12));
        Assert.That(new CpuQuotaClock(0.001, 0.010, 0.0005).Run(0.0095, 0.002), Is.EqualTo(0.0115).Within(1e-12));
    }

    [Test]
    public void A_compute_factor_scales_the_tiers_stages()
    {
        // The edge's layer 2 (10 ms in the table) at factor 1.5, no quota: 15 ms; 54.1 + 5 = 59.1 ms.
        Assert.That(LatencyMs(Testbed(edge: new TierExecution(1, 0, 0, 0, 1.5)), new PartitionPoints(1, 2), 1), Is.EqualTo(59.1).Within(1e-6));
        // The device's early exit (14 ms in the table) at share 0.2 and factor 2 under its 2 ms / 10 ms quota:
        // 5.6 ms of host CPU from 1.017 s: 2 ms to 1.019, wait to 1.020, 2 ms to 1.022, wait to 1.030, 1.6 ms: 1.0316 s.
        Assert.That(LatencyMs(Testbed(device: new TierExecution(0.2, 0.010, 0, 0, 2)), new PartitionPoints(1, 2), 0), Is.EqualTo(31.6).Within(1e-6));
    }

    [Test]
    public void A_networks_factor_scales_its_stages_on_that_tier_only()
    {
        // The edge's stage (layer 2, 10 ms) of network "chain" x 1.5: 54.1 + 5 = 59.1 ms; another network's
        // factor, or none, leaves it at the tier's.
        var chain = new Dictionary<string, double> { ["chain"] = 1.5, ["other"] = 3 };
        Assert.That(LatencyMs(Testbed(edge: TierExecution.Ideal with { NetworkFactors = chain }), new PartitionPoints(1, 2), 1), Is.EqualTo(59.1).Within(1e-6));
        var other = new Dictionary<string, double> { ["other"] = 3 };
        Assert.That(LatencyMs(Testbed(edge: TierExecution.Ideal with { NetworkFactors = other }), new PartitionPoints(1, 2), 1), Is.EqualTo(54.1).Within(1e-6));
        // With the tier's factor 2 as well: 10 x 2 x 1.5 = 30 ms on the edge, 74.1 ms.
        Assert.That(LatencyMs(Testbed(edge: new TierExecution(1, 0, 0, 0, 2) with { NetworkFactors = chain }), new PartitionPoints(1, 2), 1), Is.EqualTo(74.1).Within(1e-6));
    }

    [Test]
    public void A_stages_fixed_cost_comes_once_per_stage_whatever_its_size()
    {
        // The edge's layer 2 with a 2 ms fixed cost per stage, no quota: 54.1 + 2 = 56.1 ms.
        Assert.That(LatencyMs(Testbed(edge: new TierExecution(1, 0, 0, 0, 1, 0.002)), new PartitionPoints(1, 2), 1), Is.EqualTo(56.1).Within(1e-6));
        // The device's early exit (2.8 ms of host CPU at share 0.2) and a 0.5 ms fixed cost under its 2 ms /
        // 10 ms quota: 3.3 ms from 1.017 s: 2 ms to 1.019, wait to 1.020, 1.3 ms: 1.0213 s, 21.3 ms (20.8 without).
        Assert.That(LatencyMs(Testbed(device: new TierExecution(0.2, 0.010, 0, 0, 1, 0.0005)), new PartitionPoints(1, 2), 0), Is.EqualTo(21.3).Within(1e-6));
    }

    [Test]
    public void A_tiers_measured_stage_spread_adds_its_drawn_amount_of_cpu_to_the_stage()
    {
        // A spread whose every quantile is 2 ms (one amount, whatever the draw) on the edge, no quota:
        // its layer 2 (10 ms) takes 12 ms, 54.1 + 2 = 56.1 ms, as a 2 ms fixed cost would.
        var two = new[] { 0.002, 0.002, 0.002 };
        Assert.That(LatencyMs(Testbed(edge: TierExecution.Ideal with { StageSpreadS = two }), new PartitionPoints(1, 2), 1), Is.EqualTo(56.1).Within(1e-6));
        // The device's early exit (2.8 ms of host CPU at share 0.2, 2 ms / 10 ms quota) with a 0.5 ms
        // fixed cost and a spread of -0.8 ms: 2.5 ms from 1.017 s: 2 ms to 1.019, wait to 1.020, 0.5 ms:
        // 1.0205 s, 20.5 ms (21.3 with the fixed cost alone, 20.8 with neither).
        var device = new TierExecution(0.2, 0.010, 0, 0, 1, 0.0005) with { StageSpreadS = [-0.0008, -0.0008] };
        Assert.That(LatencyMs(Testbed(device: device), new PartitionPoints(1, 2), 0), Is.EqualTo(20.5).Within(1e-6));
        // An amount below minus the stage's CPU leaves it nothing to run: the device's stage takes 0 and
        // the job is its sensor link alone (2000 B at 1 Mbit/s + 1 ms): 17 ms.
        var nothing = new TierExecution(0.2, 0.010, 0, 0) with { StageSpreadS = [-0.05, -0.05] };
        Assert.That(LatencyMs(Testbed(device: nothing), new PartitionPoints(1, 2), 0), Is.EqualTo(17).Within(1e-6));
        // Short and long stages apart: the edge's layer 2 (10 ms in the table) is short below a 20 ms
        // split (+2 ms: 56.1 ms) and long from an 8 ms one (+5 ms: 59.1 ms).
        var apart = TierExecution.Ideal with { StageSpreadS = two, LongStageSpreadS = [0.005, 0.005], SpreadSplitS = 0.020 };
        Assert.That(LatencyMs(Testbed(edge: apart), new PartitionPoints(1, 2), 1), Is.EqualTo(56.1).Within(1e-6));
        Assert.That(LatencyMs(Testbed(edge: apart with { SpreadSplitS = 0.008 }), new PartitionPoints(1, 2), 1), Is.EqualTo(59.1).Within(1e-6));
        // It takes precedence over ComputeSigma (a tier has one or the other).
        Assert.That(LatencyMs(Testbed(edge: TierExecution.Ideal with { StageSpreadS = two, ComputeSigma = 0.5 }), new PartitionPoints(1, 2), 1), Is.EqualTo(56.1).Within(1e-6));
    }

    [Test]
    public void The_quota_clock_charges_bursts_against_their_period()
    {
        var clock = new CpuQuotaClock(0.001, 0.006);
        // 2.5 ms of CPU from 0: 0-1 ms, throttled to 6, 6-7, throttled to 12, 12-12.5.
        Assert.That(clock.Run(0, 0.0025), Is.EqualTo(0.0125).Within(1e-12));
        // The period 12-18 has 0.5 ms left: a 0.8 ms burst at 13 ms runs 13-13.5, waits to 18, runs 18-18.3.
        Assert.That(clock.Run(0.013, 0.0008), Is.EqualTo(0.0183).Within(1e-12));
        Assert.That(CpuQuotaClock.FreshPeriodWallS(0.0025, 0.001, 0.006), Is.EqualTo(0.0125).Within(1e-12));
        Assert.That(CpuQuotaClock.FreshPeriodWallS(0.0009, 0.001, 0.006), Is.EqualTo(0.0009).Within(1e-12));
        Assert.That(new CpuQuotaClock(0, 0).Run(1, 0.003), Is.EqualTo(1.003).Within(1e-12), "no quota: full speed");
    }

    /// <summary>
    /// The thesis's predictor and one with a testbed whose link 1 costs send 0.2 + wire 0.4 + headers
    /// 0.5 x the payload, whose edge receives in 1 ms, and whose results take device 3 ms, edge 5 ms, cloud 2 ms.
    /// </summary>
    private static (LatencyPredictor Ideal, LatencyPredictor Real) Predictors(Topology topology, ModelCatalog catalog)
    {
        var testbed = new TestbedDescription("test",
            [new TierExecution(1, 0, 0, 0.003), new TierExecution(1, 0, 0.001, 0.005), new TierExecution(1, 0, 0, 0.002)],
            [LinkExecution.Ideal, new LinkExecution(0.0002, 0.0004, 1.5), LinkExecution.Ideal]);
        return (new LatencyPredictor(topology, catalog), new LatencyPredictor(topology, catalog, testbed));
    }

    [Test]
    public void The_predictor_adds_each_crossed_hop_and_the_exit_tiers_result_once()
    {
        var topology = Thesis();
        var model = Chain();
        var catalog = new ModelCatalog([model]);
        var net = NetworkState.FromTopology(topology);
        var task = model.Task("t");
        var cuts = new PartitionPoints(1, 2);
        // Link 1: send 0.2 + wire 0.4 + headers 0.5 x 6000 B x 8 / 24 Mbit/s (2 ms) = 1 ms, less what the
        // slides' headroom already added to the 2 ms (2 / 0.9 - 2 = 0.2222 ms); the edge receives in 1 ms;
        // results: device 3 ms, edge 5 ms, cloud 2 ms. An exit on the cloud pays the cloud's result (2 ms)
        // once, an exit on the device the device's (3 ms).
        var (ideal, real) = Predictors(topology, catalog);
        var tau = ideal.UnitTau();
        double final = real.Predict(model, task, task.Exits[1], cuts, net, tau) - ideal.Predict(model, task, task.Exits[1], cuts, net, tau);
        Assert.That(final, Is.EqualTo(0.0002 + (0.0004 + 0.001 - 0.002 / 0.9 + 0.002) + 0.001 + 0.002).Within(1e-9));
        double early = real.Predict(model, task, task.Exits[0], cuts, net, tau) - ideal.Predict(model, task, task.Exits[0], cuts, net, tau);
        Assert.That(early, Is.EqualTo(0.003).Within(1e-9));
        var bound = real.Bind(model, task, net, tau);
        Assert.That(bound.Predict(task.Exits[1], cuts), Is.EqualTo(real.Predict(model, task, task.Exits[1], cuts, net, tau)).Within(1e-12), "planners' tables agree");
    }

    [Test]
    public void A_wire_overhead_below_the_headroom_adds_nothing_and_one_above_it_adds_the_excess()
    {
        // The sensor link of the suite: 1 Mbit/s, 2,000 B of frame (the chain's input): 16 ms at the rate,
        // 17.78 ms with the slides' headroom (16 / 0.9): 1.78 ms of allowance. A measured wire overhead
        // of 1.5 ms is within it (adds 0; only the receive's 0.1 ms is added); one of 2.5 ms adds 0.72 ms.
        var topology = Thesis();
        var model = Chain();
        var catalog = new ModelCatalog([model]);
        var net = NetworkState.FromTopology(topology);
        var task = model.Task("t");
        var cuts = new PartitionPoints(3, 3);
        var ideal = new LatencyPredictor(topology, catalog);
        LatencyPredictor With(double wireS) => new(topology, catalog, new TestbedDescription("t",
            [new TierExecution(1, 0, 0.0001, 0), TierExecution.Ideal, TierExecution.Ideal], [new LinkExecution(0, wireS, 1), LinkExecution.Ideal, LinkExecution.Ideal]));
        var tau = ideal.UnitTau();
        double Extra(double wireS) => With(wireS).Predict(model, task, task.Exits[1], cuts, net, tau) - ideal.Predict(model, task, task.Exits[1], cuts, net, tau);
        Assert.That(Extra(0.0015), Is.EqualTo(0.0001).Within(1e-9));
        Assert.That(Extra(0.0025), Is.EqualTo(0.0001 + 0.0025 - (0.016 / 0.9 - 0.016)).Within(1e-9));
    }

    [Test]
    public void The_predictor_counts_the_result_return_measured_on_the_exit_tier_and_the_calibrated_one_elsewhere()
    {
        var topology = Thesis();
        var model = Chain();
        var catalog = new ModelCatalog([model]);
        var task = model.Task("t");
        var cuts = new PartitionPoints(1, 2);
        // The testbed of Predictors (results: device 3 ms, edge 5 ms, cloud 2 ms). The controller
        // measured 13.7 ms on the device (results after an overrun wait for the next periods) and none
        // on the edge or the cloud: the early exit pays 13.7 ms, the final exit still the cloud's 2 ms.
        var (ideal, real) = Predictors(topology, catalog);
        var tau = ideal.UnitTau();
        var plain = NetworkState.FromTopology(topology);
        var net = plain.WithResultWalls([0.0137, double.NaN, double.NaN]);
        double early = real.Predict(model, task, task.Exits[0], cuts, net, tau) - ideal.Predict(model, task, task.Exits[0], cuts, plain, tau);
        Assert.That(early, Is.EqualTo(0.0137).Within(1e-9));
        double final = real.Predict(model, task, task.Exits[1], cuts, net, tau) - ideal.Predict(model, task, task.Exits[1], cuts, plain, tau);
        Assert.That(final, Is.EqualTo(0.0002 + (0.0014 - 0.002 / 0.9 + 0.002) + 0.001 + 0.002).Within(1e-9), "the device's measured return is not the cloud's");
        // The cloud measured 4 ms: the final exit pays it instead of the calibrated 2 ms.
        var cloud = plain.WithResultWalls([0.0137, double.NaN, 0.004]);
        double measuredFinal = real.Predict(model, task, task.Exits[1], cuts, cloud, tau) - ideal.Predict(model, task, task.Exits[1], cuts, plain, tau);
        Assert.That(measuredFinal, Is.EqualTo(0.0002 + (0.0014 - 0.002 / 0.9 + 0.002) + 0.001 + 0.004).Within(1e-9));
        Assert.That(real.Bind(model, task, cloud, tau).Predict(task.Exits[0], cuts), Is.EqualTo(real.Predict(model, task, task.Exits[0], cuts, cloud, tau)).Within(1e-12), "planners' tables agree");
        Assert.That(real.Predict(model, task, task.Exits[0], cuts, net, tau), Is.EqualTo(ideal.Predict(model, task, task.Exits[0], cuts, plain, tau) + 0.0137).Within(1e-9));
        Assert.That(ideal.Predict(model, task, task.Exits[0], cuts, net, tau), Is.EqualTo(ideal.Predict(model, task, task.Exits[0], cuts, plain, tau)), "the ideal world has no result return to replace");
    }

    [Test]
    public void The_simulated_world_reports_each_results_return_from_its_stages_end()
    {
        // The early exit of A_quota_overrun...: the stage ends at 1.0198 s, with the quota overspent, and its
        // 1.5 ms result is handled at 1.0213 s: a return of 1.5 ms, reported once, for the device (tier 0).
        var model = Chain();
        var cuts = new PartitionPoints(1, 2);
        var device = new TierExecution(0.2, 0.010, 0, 0.0015, QuotaOverrunS: 0.001);
        var sim = new Simulation(1);
        var world = new SimulatedContinuum(sim, Thesis(), new SimulationOptions(0, [1, 1, 1], 0.5, 0.1, Testbed: Testbed(device: device)));
        var plan = new ModelDeployment(model.Name, cuts, [new TaskAssignment("t", 0, 0.9, 0)], [0, 1, 2], []);
        var deployment = new Deployment(0, model, plan, 0);
        world.Launch(deployment, () => { });
        sim.Run(1);
        var returns = new List<(int Tier, double WallS)>();
        var job = new InferenceJob([(model.Task("t"), model.Task("t").Exits[0])], cuts, sim.Now, [], (_, _, _) => { }, (_, _, _) => { })
        {
            OnResultReturned = (tier, wall) => returns.Add((tier, wall)),
        };
        world.Infer(deployment, job);
        sim.Run(2);
        Assert.That(returns, Has.Count.EqualTo(1));
        Assert.That(returns[0].Tier, Is.EqualTo(0));
        Assert.That(returns[0].WallS, Is.EqualTo(0.0015).Within(1e-9));
    }

    [Test]
    public void A_controller_with_a_testbed_learns_each_nodes_result_return_and_one_without_does_not()
    {
        // No quotas: every result takes its tier's ResultS exactly (device 4 ms, edge 6 ms, cloud 2 ms),
        // so each node that sent results has that median, and the predictions read it.
        var topology = Thesis();
        var model = Chain();
        var catalog = new ModelCatalog([model]);
        var testbed = new TestbedDescription("test",
            [new TierExecution(1, 0, 0, 0.004), new TierExecution(1, 0, 0, 0.006), new TierExecution(1, 0, 0, 0.002)],
            [LinkExecution.Ideal, LinkExecution.Ideal, LinkExecution.Ideal]);
        var settings = new ControllerSettings { AggregationPeriodS = 0.5 };
        T2CController Run(LatencyPredictor predictor)
        {
            var sim = new Simulation(1);
            var world = new SimulatedContinuum(sim, topology, new SimulationOptions(0, [1, 1, 1], settings.DeploymentTimeS, settings.ReconfigurationDowntimeS, Testbed: testbed));
            var controller = new T2CController(world, predictor, AlgorithmCatalog.Get("T2C_MHE"), settings);
            controller.Start();
            for (int i = 0; i < 30; i++)
            {
                var request = new Request(i, 0.1 * i, "chain", "t", 0.6, 1.0);
                sim.Schedule(request.ArrivalS, () => controller.Submit(request));
            }
            sim.Run(4);
            controller.Stop();
            return controller;
        }

        var learning = Run(new LatencyPredictor(topology, catalog, testbed));
        Assert.That(learning.Log.Requests.Count(r => r.Outcome == RequestOutcome.Served), Is.GreaterThan(0), string.Join("; ", learning.Log.Requests.Take(3).Select(r => $"{r.Outcome} {r.Reason}")) + $" of {learning.Log.Requests.Count}");
        var walls = learning.ResourceMonitor.ResultReturns!.Current(4);
        Assert.That(walls.Count(double.IsFinite), Is.GreaterThan(0), "results came back from some node");
        for (int k = 0; k < 3; k++)
            if (double.IsFinite(walls[k])) Assert.That(walls[k], Is.EqualTo(testbed.Tiers[k].ResultS).Within(1e-12), $"node {k}");
        Assert.That(learning.CurrentView().Network.ResultWallS, Is.EqualTo(walls), "predictions read the measured returns");

        var thesis = Run(new LatencyPredictor(topology, catalog));
        Assert.That(thesis.ResourceMonitor.ResultReturns, Is.Null, "without a testbed in the predictor there is nothing to replace");
        Assert.That(thesis.CurrentView().Network.ResultWallS, Is.Null);
    }
}
