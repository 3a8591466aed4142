namespace T2CSim.Tests.Core.Extensions;

using T2CSim.Core;
using T2CSim.Core.Metrics;
using T2CSim.Core.Planning;
using T2CSim.Core.Randomness;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Core.Workload;
using T2CSim.Tests.Core.Support;

/// <summary>
/// The library's extension points (docs/extending.md): an algorithm, an arrival process and a metric
/// registered without touching Sim.Core reach a run by name. Every registration here is disposed, so
/// no other test sees it.
/// </summary>
public sealed class ExtensionPointTests
{
    /// <summary>Arrivals every 2 s from t = 0: a process whose output is known exactly.</summary>
    private sealed class Metronome : IArrivalProcess
    {
        public string Name => "metronome";

        public IEnumerable<double> ArrivalTimes(WorkloadSpec workload, RandomStream random, double durationS)
        {
            for (int i = 0; 2.0 * i < durationS; i++) yield return 2.0 * i;
        }
    }

    private sealed class ServedShare : IRunMetric
    {
        public string Name => "served_share";
        public double Compute(FinishedRun run) => (double)run.Log.Requests.Count(r => r.Outcome == T2CSim.Core.Controller.RequestOutcome.Served) / run.Log.Requests.Count;
    }

    [Test]
    public void ARegisteredAlgorithmRunsByNameAndLeavesWithItsRegistration()
    {
        using var folder = new ScenarioFolder();
        var scenario = ScenarioLoader.Load(folder.ScenarioPath);
        // T2C_MH's flags and planner under another name: the same run, only the name differs.
        var mh = AlgorithmCatalog.Get("T2C_MH");
        using (AlgorithmCatalog.Register(mh with { Name = "MY_MH", Planner = new T2CGreedyPlanner("MY_MH", ExitPointSelection.FinalExit) }))
        {
            Assert.That(AlgorithmCatalog.Names[^1], Is.EqualTo("MY_MH"));
            Assert.That(AlgorithmCatalog.BuiltIn, Does.Not.Contain("MY_MH"));
            var mine = Experiment.Run(scenario, "my_mh").Summary;
            var theirs = Experiment.Run(scenario, "T2C_MH").Summary;
            Assert.That(mine.Algorithm, Is.EqualTo("MY_MH"));
            Assert.That(mine with { Algorithm = theirs.Algorithm, LinkMbps = theirs.LinkMbps }, Is.EqualTo(theirs));
            Assert.That(mine.LinkMbps, Is.EqualTo(theirs.LinkMbps));
            Assert.That(mine.Arrived, Is.GreaterThan(5), "enough requests for the comparison to mean something");
        }
        var e = Assert.Throws<UserInputException>(() => AlgorithmCatalog.Get("MY_MH"));
        Assert.That(e!.Message, Does.StartWith("algorithm: unknown algorithm 'MY_MH'; valid names: NEU, "));
        Assert.That(AlgorithmCatalog.Names, Is.EqualTo(AlgorithmCatalog.BuiltIn));
    }

    [TestCase("t2c_mhe")]
    [TestCase("")]
    [TestCase("A,B")]
    public void ATakenOrUnusableNameIsRefused(string name)
    {
        var spec = AlgorithmCatalog.Get("T2C_MHE") with { Name = name };
        Assert.Throws<UserInputException>(() => AlgorithmCatalog.Register(spec));
        Assert.That(AlgorithmCatalog.Names, Is.EqualTo(AlgorithmCatalog.BuiltIn));
    }

    [Test]
    public void AScenarioNamesARegisteredArrivalProcess()
    {
        using var folder = new ScenarioFolder();
        using var registration = ArrivalProcesses.Register(new Metronome());
        var scenario = ScenarioLoader.Load(folder.ScenarioPath, ["workload.arrivals=Metronome"]);
        var requests = new RequestGenerator(scenario.Workload, scenario.Streams(0)).Generate(scenario.DurationS).ToList();
        Assert.That(requests.Select(r => r.ArrivalS), Is.EqualTo(Enumerable.Range(0, 30).Select(i => 2.0 * i)));
        Assert.That(requests.Select(r => r.Id), Is.EqualTo(Enumerable.Range(0, 30)));
        // What the n-th request asks is drawn on streams of its own, so it is the default process's n-th.
        var poisson = new RequestGenerator(ScenarioLoader.Load(folder.ScenarioPath).Workload, scenario.Streams(0)).Generate(scenario.DurationS).ToList();
        int n = Math.Min(poisson.Count, requests.Count);
        Assert.That(n, Is.GreaterThan(5));
        Assert.That(requests.Take(n).Select(r => (r.Model, r.Task, r.MinAccuracy, r.MaxLatencyS)),
            Is.EqualTo(poisson.Take(n).Select(r => (r.Model, r.Task, r.MinAccuracy, r.MaxLatencyS))));
        Assert.That(Experiment.Run(scenario, "T2C_MHE").Summary.Arrived, Is.EqualTo(30));
    }

    [Test]
    public void NamingTheDefaultProcessChangesNothing()
    {
        using var folder = new ScenarioFolder();
        var implicitly = Experiment.Run(ScenarioLoader.Load(folder.ScenarioPath), "T2C_MHE").Summary;
        var named = Experiment.Run(ScenarioLoader.Load(folder.ScenarioPath, ["workload.arrivals=profile-poisson"]), "T2C_MHE").Summary;
        Assert.That(named with { LinkMbps = implicitly.LinkMbps }, Is.EqualTo(implicitly));
        Assert.That(named.LinkMbps, Is.EqualTo(implicitly.LinkMbps));
    }

    [Test]
    public void AnUnknownArrivalProcessIsOneLineNamingFileAndField()
    {
        using var folder = new ScenarioFolder();
        var e = Assert.Throws<UserInputException>(() => ScenarioLoader.Load(folder.ScenarioPath, ["workload.arrivals=bursty"]));
        Assert.That(e!.Message, Is.EqualTo($"{folder.ScenarioPath}: workload.arrivals: unknown arrival process 'bursty'; valid names: profile-poisson"));
    }

    [Test]
    public void ARegisteredMetricIsComputedForEveryRun()
    {
        using var folder = new ScenarioFolder();
        var scenario = ScenarioLoader.Load(folder.ScenarioPath);
        Assert.That(Experiment.Run(scenario, "T2C_MHE").Summary.Extra, Is.Empty, "nothing registered, nothing added");
        using (MetricCatalog.Register(new ServedShare()))
        {
            var summary = Experiment.Run(scenario, "T2C_MHE").Summary;
            Assert.That(summary.Extra, Has.Count.EqualTo(1));
            Assert.That(summary.Extra[0].Name, Is.EqualTo("served_share"));
            Assert.That(summary.Extra[0].Value, Is.EqualTo(summary.ServedFraction).Within(1e-12), "the same ratio RunSummary computes");
        }
        Assert.That(MetricCatalog.Names, Is.Empty);
    }

    [TestCase("Served Share")]
    [TestCase("")]
    public void AMetricNeedsAColumnName(string name)
    {
        var metric = new NamedMetric(name);
        Assert.Throws<UserInputException>(() => MetricCatalog.Register(metric));
    }

    private sealed class NamedMetric(string name) : IRunMetric
    {
        public string Name => name;
        public double Compute(FinishedRun run) => 0;
    }
}
