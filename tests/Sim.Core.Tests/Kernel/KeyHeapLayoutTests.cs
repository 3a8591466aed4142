using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

/// <summary>
/// KeyHeap keeps a sorted run up to KeyHeap.SortedMax entries and a 4-ary heap beyond, going back
/// to a run at KeyHeap.SortedMin. Against a sorted set, on traffic whose size hovers around both
/// thresholds (every change of layout, in both directions), stays long at a steady small size (the
/// run's start walks to the end of its storage and is moved back) and grows past the initial
/// capacity (the heap's storage grows).
/// </summary>
public class KeyHeapLayoutTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void PopsInKeyOrderAcrossBothLayouts(int seed)
    {
        var random = new Random(seed);
        var heap = new KeyHeap();
        var reference = new SortedSet<(double Time, long Order)>();
        var targets = new Dictionary<object, (double, long)>(ReferenceEqualityComparer.Instance);
        long sequence = 0;
        int[] sizes = [5, KeyHeap.SortedMax - 1, KeyHeap.SortedMax + 1, KeyHeap.SortedMin, KeyHeap.SortedMax + 2, 20, 600, KeyHeap.SortedMin - 1, 1, 0];
        foreach (int size in sizes)
        {
            for (int step = 0; step < 4_000; step++)
            {
                bool push = reference.Count < size ? random.NextDouble() < 0.8 : random.NextDouble() < 0.3;
                if (push || reference.Count == 0)
                {
                    // Ties in time (decided by the order) as well as distinct times.
                    double time = random.Next(3) == 0 ? random.Next(10) : random.NextDouble() * 10;
                    var key = (time, ((long)random.Next(4) << 40) | sequence++);
                    var target = new object();
                    heap.Push(new QueueKey(key.time, key.Item2), target);
                    reference.Add(key);
                    targets.Add(target, key);
                }
                else
                {
                    var want = reference.Min;
                    reference.Remove(want);
                    Assert.That(heap.Min.Time, Is.EqualTo(want.Time));
                    var target = heap.Pop(out var got, prefetchAhead: false);
                    Assert.That((got.Time, got.Order), Is.EqualTo(want), $"size {size}, step {step}");
                    Assert.That(targets[target], Is.EqualTo(want));
                }
                Assert.That(heap.Count, Is.EqualTo(reference.Count));
            }
        }
    }

    /// <summary>
    /// The machine shop's pattern: a run of about twenty entries, half of them far in the future, and
    /// every push an early key (it enters from the front, moving the head back) until the head
    /// reaches position 0 and pushes must go in from the tail again; then the far keys come due.
    /// </summary>
    [Test]
    public void ARunEnteredFromTheFrontKeepsOrderAndTargetsUntilItsHeadReachesZero()
    {
        var heap = new KeyHeap();
        var reference = new SortedSet<(double Time, long Order)>();
        var targets = new Dictionary<object, (double, long)>(ReferenceEqualityComparer.Instance);
        var random = new Random(7);
        long sequence = 0;
        double now = 0;
        void Push(double time)
        {
            var key = (time, sequence++);
            var target = new object();
            heap.Push(new QueueKey(key.time, key.Item2), target);
            reference.Add(key);
            targets.Add(target, key);
        }
        void Pop()
        {
            var want = reference.Min;
            reference.Remove(want);
            var target = heap.Pop(out var got, prefetchAhead: false);
            Assert.That((got.Time, got.Order), Is.EqualTo(want));
            Assert.That(targets[target], Is.EqualTo(want));
            now = got.Time;
        }
        for (int i = 0; i < 10; i++) Push(1_000 + random.NextDouble() * 1_000); // the far timers
        for (int i = 0; i < 10; i++) Push(random.NextDouble() * 10);
        Assert.That(heap.Count, Is.GreaterThanOrEqualTo(KeyHeap.FrontWalkMin));
        // Pop one, push two early ones (26 entries then, still a run): the head is back at 0 at once.
        for (int round = 0; round < 6; round++)
        {
            Pop();
            Push(now + random.NextDouble() * 10);
            Push(now + random.NextDouble() * 10);
        }
        for (int step = 0; step < 2_000; step++)
        {
            Pop();
            Push(now + random.NextDouble() * (step % 50 == 0 ? 2_000 : 10));
        }
        Assert.That(heap.Count, Is.LessThan(KeyHeap.SortedMax), "the steady part ran on the sorted run");
        while (reference.Count > 0) Pop();
        Assert.That(heap.Count, Is.EqualTo(0));
    }

    [Test]
    public void ClearForgetsEveryEntryInEitherLayout()
    {
        var heap = new KeyHeap();
        for (int i = 0; i < KeyHeap.SortedMax + 5; i++) heap.Push(new QueueKey(100 - i, i), new object());
        heap.Clear();
        Assert.That(heap.Count, Is.EqualTo(0));
        heap.Push(new QueueKey(3, 1), "b");
        heap.Push(new QueueKey(2, 2), "a");
        Assert.That(heap.Pop(out _, prefetchAhead: false), Is.EqualTo("a"));
        Assert.That(heap.Pop(out _, prefetchAhead: false), Is.EqualTo("b"));
    }

    /// <summary>
    /// The heap moves slot numbers, not targets (TargetSlots): every pop must return the target
    /// pushed with that key, also after a Clear that hands every slot back, and after the pool
    /// grew while slots were being reused in a scrambled order.
    /// </summary>
    [TestCase(4)]
    [TestCase(5)]
    public void EachKeyKeepsItsTargetThroughClearAndGrowth(int seed)
    {
        var random = new Random(seed);
        var heap = new KeyHeap();
        long sequence = 0;
        for (int round = 0; round < 3; round++)
        {
            var live = new SortedDictionary<(double, long), string>();
            int peak = round == 1 ? 1_500 : 300; // past the initial 256 slots; in round 1 past 1,024
            for (int step = 0; step < 6_000; step++)
            {
                if (live.Count < peak && (live.Count == 0 || random.NextDouble() < 0.55))
                {
                    var key = (random.NextDouble() * 100, sequence++);
                    string target = $"t{key.Item2}";
                    heap.Push(new QueueKey(key.Item1, key.Item2), target);
                    live.Add(key, target);
                }
                else
                {
                    var want = live.First();
                    live.Remove(want.Key);
                    var got = heap.Pop(out var gotKey, prefetchAhead: random.Next(2) == 0);
                    Assert.That((gotKey.Time, gotKey.Order), Is.EqualTo(want.Key));
                    Assert.That(got, Is.EqualTo(want.Value));
                }
            }
            var stored = new HashSet<string>();
            for (int i = 0; i < heap.Count; i++) stored.Add((string)heap.TargetAt(i));
            Assert.That(stored, Is.EquivalentTo(live.Values), "TargetAt sees exactly the live targets");
            heap.Clear();
            Assert.That(heap.Count, Is.EqualTo(0));
        }
    }
}
