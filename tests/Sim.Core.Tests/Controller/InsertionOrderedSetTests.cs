namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;

/// <summary>The resource monitor's deployments: O(1) removal, and the order a List would have kept.</summary>
public class InsertionOrderedSetTests
{
    [Test]
    public void ListsWhatAListWouldAfterTheSameAddsAndRemoves()
    {
        var set = new InsertionOrderedSet<string>();
        var list = new List<string>();
        var random = new Random(3);
        var items = Enumerable.Range(0, 200).Select(i => $"d{i}").ToArray();
        foreach (var item in items)
        {
            set.Add(item);
            list.Add(item);
            if (random.Next(3) == 0)
            {
                var gone = list[random.Next(list.Count)];
                Assert.That(set.Remove(gone), Is.True);
                list.Remove(gone);
            }
            if (random.Next(10) == 0) Assert.That(set.ToList(), Is.EqualTo(list), "read between changes");
        }
        Assert.That(set, Has.Count.EqualTo(list.Count));
        Assert.That(set.ToList(), Is.EqualTo(list));
        Assert.That(Enumerable.Range(0, set.Count).Select(i => set[i]), Is.EqualTo(list));
    }

    [Test]
    public void RemovingWhatIsNotThereSaysSo()
    {
        var set = new InsertionOrderedSet<string>();
        set.Add("a");
        Assert.That(set.Remove("b"), Is.False);
        Assert.That(set.Remove("a"), Is.True);
        Assert.That(set.Remove("a"), Is.False);
        Assert.That(set, Is.Empty);
    }

    [Test]
    public void ChangingTheSetWhileEnumeratingIsRefused()
    {
        var set = new InsertionOrderedSet<string>();
        set.Add("a");
        set.Add("b");
        Assert.That(() => { foreach (var x in set) set.Remove("b"); }, Throws.InvalidOperationException);
    }
}
