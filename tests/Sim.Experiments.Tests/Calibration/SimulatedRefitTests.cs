namespace T2CSim.Tests.Experiments.Calibration;

using T2CSim.Core;
using T2CSim.Core.Execution;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Experiments.Calibration;
using T2CSim.Experiments.Commands;

/// <summary>
/// The refit through the simulator (SimulatedRefit) finds the network factor at which the simulator
/// gives a tier's stages the walls it was shown: walls made by the simulator itself with a known factor
/// (so the answer is known), the search started from another.
/// </summary>
public class SimulatedRefitTests
{
    private static List<Scenario> Placements(double durationS) =>
        CalibrateCommand.Placements.Select(p => ScenarioLoader.Load(ProjectPaths.InRoot("scenarios", "calibration", "calibration.yaml"),
            [$"duration_s={durationS}", .. p.Overrides])).ToList();

    private static TestbedDescription Described(Scenario scenario) =>
        TestbedLoader.Load(ProjectPaths.InRoot("testbeds", "loopback.yaml"), scenario.Topology);

    private static TestbedDescription WithFactor(TestbedDescription d, int tier, string network, double factor) =>
        d with { Tiers = d.Tiers.Select((t, k) => k != tier ? t : t with { NetworkFactors = new Dictionary<string, double>(t.NetworkFactors ?? new Dictionary<string, double>()) { [network] = factor } }).ToArray() };

    private static List<SimulatedRefit.Stage> Walls(IReadOnlyList<Scenario> placements, TestbedDescription description, int replications)
    {
        var stages = new List<SimulatedRefit.Stage>();
        foreach (var p in placements)
            for (int r = 0; r < replications; r++)
            {
                var hops = new HopRecorder();
                var scenario = p with { Testbed = description };
                Experiment.Run(scenario, "T2C_MH", hops: hops, replication: r); // the refit's own draws: at the truth it sees these walls exactly
                stages.AddRange(SimulatedRefit.StagesOf(hops, scenario));
            }
        return stages;
    }

    [Test]
    [Category("Slow")]
    public void The_refit_recovers_the_factor_that_made_the_walls()
    {
        var placements = Placements(25);
        var file = Described(placements[0]);
        double start = file.Tiers[1].NetworkFactors?.GetValueOrDefault("asg-base", 1) ?? 1;
        double truth = start * 1.3;
        var measured = Walls(placements, WithFactor(file, 1, "asg-base", truth), replications: 4);
        Assert.That(measured.Count(s => s.Tier == 1 && s.Network == "asg-base"), Is.GreaterThanOrEqualTo(CalibrationFit.NetworkSamplesMin));

        var fit = new CalibrationResult(file.Tiers, file.Links, double.NaN, []);
        var (refitted, changes) = SimulatedRefit.NetworkFactors(fit, "test", placements, "T2C_MH", measured.Where(s => s.Tier == 1 && s.Network == "asg-base"));

        var change = changes.Single();
        Assert.Multiple(() =>
        {
            Assert.That(change.FactorBefore, Is.EqualTo(start));
            Assert.That(change.RatioBefore, Is.LessThan(0.9), "the edge's asg-base stages simulated faster than shown before the refit");
            Assert.That(change.FactorAfter, Is.EqualTo(truth).Within(5).Percent);
            Assert.That(change.RatioAfter, Is.EqualTo(1).Within(0.03));
            Assert.That(refitted.Tiers[1].NetworkFactors!["asg-base"], Is.EqualTo(change.FactorAfter));
            Assert.That(refitted.Terms.Single().Term, Is.EqualTo("tier1.asg-base.network_factor"));
            Assert.That(refitted.Tiers[0], Is.EqualTo(file.Tiers[0]), "other tiers untouched");
        });
    }

    [Test]
    public void Networks_with_too_few_measured_stages_are_left_as_they_were()
    {
        var placements = Placements(5);
        var file = Described(placements[0]);
        var fit = new CalibrationResult(file.Tiers, file.Links, double.NaN, []);
        var few = Enumerable.Range(0, CalibrationFit.NetworkSamplesMin - 1).Select(i => new SimulatedRefit.Stage(1, "asg-base", 0.0109, 0.02));
        var (refitted, changes) = SimulatedRefit.NetworkFactors(fit, "test", placements, "T2C_MH", few);
        Assert.That(changes, Is.Empty);
        Assert.That(refitted, Is.SameAs(fit));
    }
}
