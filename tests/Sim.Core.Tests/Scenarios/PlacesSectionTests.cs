namespace T2CSim.Tests.Core.Scenarios;

using T2CSim.Core;
using T2CSim.Core.Randomness;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Workload.Places;
using T2CSim.Tests.Core.Support;

/// <summary>`workload.places`: bound into a PlaceWorkloadSpec, every mistake a one-line error naming the field.</summary>
public sealed class PlacesSectionTests
{
    private static string NycTrace => Path.Combine(ProjectPaths.SharedTraces, "nyc-311-2024-05-sample.csv");

    [Test]
    public void AbsentMeansNoPlaces()
    {
        using var folder = new ScenarioFolder();
        Assert.That(ScenarioLoader.Load(folder.ScenarioPath).Workload.Places, Is.Null);
    }

    [Test]
    public void EachModeBinds()
    {
        using var folder = new ScenarioFolder();
        var uniform = ScenarioLoader.Load(folder.ScenarioPath, ["workload.places={mode: uniform}"]).Workload.Places!;
        Assert.That((uniform.Mode, uniform.File, uniform.Field, uniform.Weights.Count), Is.EqualTo(("uniform", folder.ScenarioPath, "workload.places", 0)));

        var weighted = ScenarioLoader.Load(folder.ScenarioPath, ["workload.places={mode: weighted, weights: {cam: 3, d7: 0.5}}"]).Workload.Places!;
        Assert.That(weighted.Weights, Is.EqualTo(new[]
        {
            new PlaceWeight("cam", 3, "workload.places.weights.cam"),
            new PlaceWeight("d7", 0.5, "workload.places.weights.d7"),
        }));

        // The trace path is relative to the scenario's folder.
        File.Copy(NycTrace, Path.Combine(folder.Directory, "nyc.csv"));
        var nearest = ScenarioLoader.Load(folder.ScenarioPath, ["workload.places={mode: nearest, trace: nyc.csv, site_seed: 9}"]).Workload.Places!;
        Assert.That((nearest.Mode, nearest.Sites, nearest.SiteSeed, nearest.TracePath), Is.EqualTo(("nearest", "from_trace", 9L, Path.Combine(folder.Directory, "nyc.csv"))));
        Assert.That(nearest.Trace!.Points, Has.Count.EqualTo(988));
        var devices = Enumerable.Range(0, 5).Select(i => new PlaceDevice(i, $"d{i}", "cam")).ToArray();
        var a = PlaceAssignments.Build(nearest, devices, new RandomStreams(1), 0);
        Assert.That(a.Mode, Is.EqualTo("nearest"));

        var isExplicit = ScenarioLoader.Load(folder.ScenarioPath, ["workload.places={mode: nearest, trace: nyc.csv, sites: explicit}"]).Workload.Places!;
        Assert.That(isExplicit.Sites, Is.EqualTo("explicit"));
    }

    private static string Refused(string places, Action<ScenarioFolder>? change = null)
    {
        using var folder = new ScenarioFolder();
        change?.Invoke(folder);
        var e = Assert.Throws<UserInputException>(() => ScenarioLoader.Load(folder.ScenarioPath, [$"workload.places={places}"]))!;
        Assert.That(e.Message, Does.Not.Contain('\n'), "one line");
        Assert.That(e.Message, Does.StartWith(folder.ScenarioPath + ": "), "names the scenario file");
        return e.Message[(folder.ScenarioPath.Length + 2)..].Replace(folder.Directory, "DIR");
    }

    [TestCase("{mode: nearby}", "workload.places.mode: 'nearby' is not a place mode (known: uniform, weighted, nearest)")]
    [TestCase("{weights: {a: 1}}", "workload.places.mode: missing (required)")]
    [TestCase("{mode: uniform, weights: {a: 1}}", "workload.places.weights: unknown key (expected one of: mode)")]
    [TestCase("{mode: uniform, radius: 3}", "workload.places.radius: unknown key (expected one of: mode, weights, trace, sites, site_seed)")]
    [TestCase("{mode: weighted}", "workload.places.weights: missing (required)")]
    [TestCase("{mode: weighted, weights: {}}", "workload.places.weights: no weight given")]
    [TestCase("{mode: weighted, weights: [1, 2]}", "workload.places.weights: expected a section of DEVICE_OR_CLASS: weight")]
    [TestCase("{mode: weighted, weights: {cam: -1}}", "workload.places.weights.cam: -1: a weight cannot be negative")]
    [TestCase("{mode: weighted, weights: {cam: lots}}", "workload.places.weights.cam: 'lots' is not a number")]
    [TestCase("{mode: nearest}", "workload.places.trace: missing (required)")]
    [TestCase("{mode: nearest, trace: none.csv}", "workload.places.trace: 311 trace 'none.csv' not found (looked at DIR/none.csv)")]
    [TestCase("{mode: nearest, trace: t.csv, sites: grid}", "workload.places.sites: 'grid' is not from_trace or explicit")]
    [TestCase("{mode: nearest, trace: t.csv, sites: explicit, site_seed: 3}", "workload.places.site_seed: only sites: from_trace derives sites")]
    [TestCase("{mode: nearest, trace: t.csv, site_seed: x}", "workload.places.site_seed: 'x' is not an integer")]
    [TestCase("[uniform]", "workload.places: expected a section of keys, got a list")]
    public void MistakesAreNamed(string places, string message)
    {
        Assert.That(Refused(places, f => File.Copy(NycTrace, Path.Combine(f.Directory, "t.csv"))), Is.EqualTo(message));
    }

    [Test]
    public void ABadTraceCellIsNamedThroughTheField()
    {
        var message = Refused("{mode: nearest, trace: bad.csv}", f => File.WriteAllText(Path.Combine(f.Directory, "bad.csv"),
            "created_date,latitude,longitude\n2024-05-01T10:00:00,40.7,-74\n2024-05-01T10:01:00,40.7,west\n"));
        Assert.That(message, Is.EqualTo("workload.places.trace: DIR/bad.csv: line 3 longitude: 'west' is not a number"));
    }
}
