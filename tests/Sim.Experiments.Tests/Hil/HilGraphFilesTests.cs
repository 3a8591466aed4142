namespace T2CSim.Tests.Experiments.Hil;

using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Experiments.Results;
using T2CSim.Hardware.Hil;
using T2CSim.Tests.Experiments.Commands;

/// <summary>
/// `t2c hil` on a tree writes the same files as `t2c run` through the same writer (RunFolder; docs/topology.md,
/// "Commands on graph scenarios"), from what the testbed measured: the same file names and columns, every
/// request per device accounted for, the classes adding up to the topology, busy cores from the agents'
/// stage reports (where the simulator counts its own) and each link's bytes from its sending end.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class HilGraphFilesTests
{
    [Test]
    public void Hil_on_two_devices_writes_runs_per_class_link_and_device_files_from_what_it_measured()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(ProjectPaths.Root!, "scenarios", "hil-graph-smoke.yaml"), ["duration_s=5"]);
        string dir = Path.Combine(Path.GetTempPath(), $"t2c-hil-graph-files-{Environment.ProcessId}");
        try
        {
            var hil = HilRunner.Run(scenario, "T2C_MH", new HilOptions
            {
                Agent = AgentTrio.AgentCommand,
                CpuQuotas = false,
                AgentTimeoutS = 3,
                StatusPeriodS = 0.25,
                Log = TestContext.Progress.WriteLine,
            });
            Assert.That(hil.Nodes, Is.Not.Null, "the run driver's per-class samples reach the testbed's result");
            RunFolder.Write(Path.Combine(dir, "hil"), scenario, hil.Log, hil.Timeline, hil.Summary, hil.Timing, hil.Nodes);
            var sim = Experiment.Run(scenario, "T2C_MH");
            RunFolder.Write(Path.Combine(dir, "sim"), scenario, sim.Log, sim.Timeline, sim.Summary, sim.Timing, sim.Nodes);

            // The same files with the same columns in both worlds.
            var names = Directory.GetFiles(Path.Combine(dir, "sim")).Select(Path.GetFileName).Order().ToList();
            Assert.That(Directory.GetFiles(Path.Combine(dir, "hil")).Select(Path.GetFileName).Order(), Is.EqualTo(names));
            Assert.That(names, Is.SupersetOf(new[] { "node-classes.csv", "node-classes-timeline.csv", "links.csv", "link-classes-timeline.csv", DeviceFiles.FileName }));
            foreach (var name in names)
                Assert.That(File.ReadLines(Path.Combine(dir, "hil", name!)).First(), Is.EqualTo(File.ReadLines(Path.Combine(dir, "sim", name!)).First()), name);

            string measured = Path.Combine(dir, "hil");
            GraphCommandsTests.AssertDevicesConserve(measured, "cam-a", "cam-b");
            var devices = Table.Read(Path.Combine(measured, DeviceFiles.FileName));
            Assert.That(devices.Rows.Sum(r => devices.Number(r, "served") + devices.Number(r, "missed")), Is.GreaterThan(0), "requests ran on the testbed");

            var classes = Table.Read(Path.Combine(measured, "node-classes.csv"));
            GraphCommandsTests.AssertClassesAddUp(classes, classes.Rows, scenario);
            // Busy cores are the agents' reported compute time: counted (not NaN), some > 0, none above the class's cores.
            foreach (var r in classes.Rows)
                Assert.That(classes.Number(r, "busy_cores_mean"), Is.InRange(0, classes.Number(r, "cores")), classes.Text(r, "class"));
            Assert.That(classes.Rows.Sum(r => classes.Number(r, "busy_cores_mean")), Is.GreaterThan(0));
            // Each link's Mbps is the summary's, measured at its sending end; the sensor links carried every job's frame.
            var links = Table.Read(Path.Combine(measured, "links.csv"));
            var summary = Table.Read(Path.Combine(measured, "summary.csv"));
            for (int k = 0; k < links.Rows.Count; k++)
                Assert.That(links.Text(links.Rows[k], "mbps"), Is.EqualTo(summary.Text(summary.Rows[0], $"link{k}_mbps")));
            Assert.That(links.Rows.Where(r => links.Text(r, "class") == "sensor").Sum(r => links.Number(r, "mbps")), Is.GreaterThan(0));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
