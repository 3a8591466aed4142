namespace T2CSim.Tests.Hardware;

using T2CSim.Core;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Models;

/// <summary>The committed lookup tables load, match the networks, and are ordered as the testbed.</summary>
public class CommittedTableTests
{
    private static IEnumerable<string> Models() => ModelZoo.Names;

    [TestCaseSource(nameof(Models))]
    [Category("Slow")]
    public void Table_loads_matches_its_network_and_is_ordered(string model)
    {
        string path = ProjectPaths.InRoot("lookup-tables", model + ".csv");
        var spec = LookupTable.Read(path).ToModelSpec(Topology.Thesis(), path);
        ModelZoo.TryGet(model, out var architecture);
        using var network = new MultiTaskNetwork(architecture);

        Assert.That(spec.InputBytes, Is.EqualTo(2304));
        Assert.That(spec.Tasks.Select(t => t.Name), Is.EquivalentTo(network.Tasks));
        foreach (var task in spec.Tasks)
        {
            Assert.That(task.Path.Select(l => (l.Name, l.OutputBytes)), Is.EqualTo(network.Path(task.Name).Select(p => (p.Name, p.OutputBytes))));
            Assert.That(task.Exits.Select(e => (e.Name, e.After)), Is.EqualTo(network.Exits(task.Name).Select(e => (e.Name, e.After))));
            foreach (var layer in task.Path)
                Assert.That(layer.LatencyS[0] > layer.LatencyS[1] && layer.LatencyS[1] > layer.LatencyS[2], Is.True, $"{layer.Name}: device > edge > cloud");
            // An early exit head costs less than running the rest of the path to the final exit.
            for (int k = 0; k < 3; k++)
                foreach (var exit in task.Exits.Where(e => e != task.FinalExit))
                {
                    double rest = task.Path.Skip(exit.After).Sum(l => l.LatencyS[k]) + task.FinalExit.LatencyS[k];
                    Assert.That(exit.LatencyS[k], Is.LessThan(rest), $"{task.Name} {exit.Name} tier {k}");
                }
        }
    }
}
