using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

public class StoreTests
{
    [Test]
    public void ItemsComeOutInTheOrderTheyWentIn()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim);
        foreach (var i in new[] { 3, 1, 2 }) store.Put(i);
        var got = new List<int>();
        sim.Process(Consumer(sim, store, 3, got, new List<double>()));
        sim.Run();
        Assert.That(got, Is.EqualTo(new[] { 3, 1, 2 }));
        Assert.That(store.Count, Is.Zero);
    }

    [Test]
    public void GetWaitsForAPut()
    {
        var sim = new Simulation();
        var store = new Store<string>(sim);
        var got = new List<string>();
        var times = new List<double>();
        sim.Process(Consumer(sim, store, 2, got, times));
        sim.Schedule(4, () => store.Put("x"));
        sim.Schedule(6, () => store.Put("y"));
        sim.Run();
        Assert.That(got, Is.EqualTo(new[] { "x", "y" }));
        Assert.That(times, Is.EqualTo(new[] { 4.0, 6.0 }));
    }

    [Test]
    public void PutWaitsWhileTheStoreIsFull()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim, capacity: 1);
        var first = store.Put(1);
        var second = store.Put(2);
        Assert.That((first.IsTriggered, second.IsTriggered), Is.EqualTo((true, false)));
        sim.Schedule(3, () => store.Get());
        sim.Run();
        Assert.That(second.IsProcessed, Is.True);
        Assert.That(store.Count, Is.EqualTo(1));
        Assert.That(store.Get().Item, Is.EqualTo(2));
    }

    private static IEnumerable<Event> Consumer<T>(Simulation sim, Store<T> store, int count, List<T> got, List<double> times)
    {
        for (int i = 0; i < count; i++)
        {
            var get = store.Get();
            yield return get;
            got.Add(get.Item);
            times.Add(sim.Now);
        }
    }
}
