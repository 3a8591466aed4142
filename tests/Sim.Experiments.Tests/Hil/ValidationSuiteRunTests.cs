namespace T2CSim.Tests.Experiments.Hil;

using T2CSim.Core;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Validation;
using T2CSim.Hardware.Hil;

/// <summary>
/// A short suite run on loopback: one validation scenario (v1, its testbed description, T2C_MHE, 5 s;
/// and v5, the tree of two devices sharing an edge, whose hops are named by link and node)
/// through `t2c validate --suite`'s runner. Checks the files, conservation in both runs, and that the
/// simulated and the measured run saw the same requests arrive. Timing tolerances belong to the
/// validation command, not here.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class ValidationSuiteRunTests
{
    [TestCase("v1-light-all-tiers.yaml", "link0 total", "result@tier")]
    [TestCase("v5-two-devices-shared-edge.yaml", "link:sensor_cam-", "result@node:")]
    public void A_short_suite_run_writes_its_files_and_both_runs_see_the_same_arrivals(string scenario, string sensorHop, string resultHop)
    {
        string root = ProjectPaths.Root!;
        string suite = Path.Combine(Path.GetTempPath(), $"t2c-suite-{Environment.ProcessId}");
        string output = Path.Combine(Path.GetTempPath(), $"t2c-suite-out-{Environment.ProcessId}");
        Directory.CreateDirectory(suite);
        try
        {
            // The suite's v1 with its relative paths made absolute, so it can live in a folder of its own.
            string text = File.ReadAllText(Path.Combine(root, "scenarios", "validation", scenario)).Replace("../../", root + "/", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(suite, "v1.yaml"), text);
            var options = new SuiteOptions(suite, output, 1, new HilOptions
            {
                Agent = AgentTrio.AgentCommand,
                CpuQuotas = false,
                StatusPeriodS = 0.25,
                Log = TestContext.Progress.WriteLine,
            }, ["duration_s=5"], ["T2C_MHE"], SimReplications: 3);
            var runs = ValidationSuite.Run(options, TestContext.Progress.WriteLine);

            var run = runs.Single();
            Assert.That(run.SameArrivals, Is.True, "the simulated and the measured run saw the same requests arrive");
            foreach (var s in new[] { run.Simulated, run.Measured })
            {
                Assert.That(s.Arrived, Is.GreaterThan(0));
                Assert.That(s.Served + s.MissedLatency + s.MissedAccuracy + s.UnservedQueued + s.UnservedUnfinished + s.UnservedLost, Is.EqualTo(s.Arrived), "conservation");
            }
            var all = run.Rows.Single(r => r.Model == "all");
            Assert.That(run.Rows.Select(r => r.SimReplications), Has.All.EqualTo(3), "the simulated side pools three replications");
            // The committed description has a calibrated host-speed probe: the run probed the host around its
            // testbed run, and every row says at what speed its simulated side ran (one ratio per run pair).
            Assert.That(run.Rows.Select(r => r.HostSpeed).Distinct().Count(), Is.EqualTo(1));
            Assert.That(run.Rows[0].HostSpeed, Is.InRange(1 / HostSpeed.MaxRatio, HostSpeed.MaxRatio).And.Not.EqualTo(1), "a probe was taken and compared");
            // And the ratio each tier's stage CPU ran at (its own, where the description has tier_probe_ms).
            var tierSpeeds = run.Rows[0].TierSpeeds.Split(' ').Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.That(tierSpeeds, Has.Length.EqualTo(3).And.All.InRange(1 / HostSpeed.MaxRatio, HostSpeed.MaxRatio));
            Assert.That(run.Rows.Select(r => r.TierSpeeds).Distinct().Count(), Is.EqualTo(1));
            Assert.That(all.SimArrived, Is.EqualTo(all.HilArrived));
            Assert.That(run.Rows.Where(r => r.Model != "all").Sum(r => r.HilArrived), Is.EqualTo(all.HilArrived), "the per-task rows add up");
            Assert.That(run.Rows.Where(r => !r.MeetsGoal).All(r => r.Hop.Length > 0), Is.True, "a row that misses names its hop");

            string dir = Path.Combine(output, run.Scenario, "T2C_MHE", "r0");
            foreach (var f in new[] { "sim/requests.csv", "hil/requests.csv", "sim/summary.csv", "hil/summary.csv", "hops.csv", "sim-hops.csv", "sim-replications.csv" })
                Assert.That(File.Exists(Path.Combine(dir, f)), Is.True, f);
            // Both sides through one writer (RunFolder): per node class, link and device, comparable file by file.
            foreach (var f in new[] { "node-classes.csv", "node-classes-timeline.csv", "links.csv", "link-classes-timeline.csv", "devices.csv" })
                Assert.That(File.ReadLines(Path.Combine(dir, "hil", f)).First(), Is.EqualTo(File.ReadLines(Path.Combine(dir, "sim", f)).First()), f);
            var devices = Table.Read(Path.Combine(dir, "hil", "devices.csv"));
            Assert.That(devices.Rows.Sum(r => devices.Number(r, "arrived")), Is.EqualTo(run.Measured.Arrived), "the devices' rows add up to the measured run");
            // The simulated run recorded its hops (v1 has a testbed description), compared hop by hop with the
            // testbed's: the sensor link and the results are in every job of both runs.
            Assert.That(File.ReadAllLines(Path.Combine(dir, "sim-hops.csv"))[0], Is.EqualTo("job,model,partition,hop,what,seconds"));
            Assert.That(run.Gaps.Select(g => g.Against), Has.All.EqualTo("sim"));
            Assert.That(run.Gaps.Select(g => g.Hop), Has.Some.StartsWith(sensorHop).And.Some.StartsWith(resultHop));
            Assert.That(run.ModelGaps, Is.Not.Empty);
            var csv = File.ReadAllLines(Path.Combine(output, "validation.csv"));
            Assert.That(csv[0], Does.StartWith("scenario,algorithm,repeat,model,task"));
            Assert.That(csv, Has.Length.EqualTo(run.Rows.Count + 1));
            Assert.That(File.Exists(Path.Combine(output, $"latency-{run.Scenario}.png")), Is.True);
            Assert.That(File.Exists(Path.Combine(output, $"latency-{run.Scenario}.svg")), Is.True);
        }
        finally
        {
            Directory.Delete(suite, true);
            if (Directory.Exists(output)) Directory.Delete(output, true);
        }
    }
}
