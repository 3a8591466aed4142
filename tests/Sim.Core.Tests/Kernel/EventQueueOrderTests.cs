using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

/// <summary>
/// The event queue (ring + time buckets + heaps) against a plain sorted set, on random traffic
/// that drives the bucket structure through its cases: thousands of pending entries (buckets on),
/// growth and shrinking (rebuilds), ties in time (integer delays), priorities, zero delays (the
/// ring), far-future outliers (the far heap) and a drained queue (back to one heap).
/// </summary>
public class EventQueueOrderTests
{
    private readonly record struct Expected(double Time, long Priority, long Sequence) : IComparable<Expected>
    {
        public int CompareTo(Expected other)
        {
            int c = Time.CompareTo(other.Time);
            if (c != 0) return c;
            c = Priority.CompareTo(other.Priority);
            return c != 0 ? c : Sequence.CompareTo(other.Sequence);
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [Category("Slow")]
    public void PopsInExactTimePrioritySequenceOrder(int seed)
    {
        var random = new Random(seed);
        var queue = new EventQueue();
        var reference = new SortedSet<Expected>();
        var targets = new Dictionary<object, Expected>(ReferenceEqualityComparer.Instance);
        double now = 0;
        long sequence = 0;
        for (int phase = 0; phase < 8; phase++)
        {
            int pending = phase switch { 0 => 10, 1 => 5_000, 2 => 200, 3 => 20_000, 4 => 3, 5 => 2_000, 6 => 70, _ => 0 };
            for (int step = 0; step < (phase == 5 ? 200_000 : 30_000); step++)
            {
                bool push = reference.Count < pending ? random.NextDouble() < 0.9 : random.NextDouble() < 0.4;
                if (push || reference.Count == 0)
                {
                    double delay = phase == 5
                        // A steady hold model (the benchmark's), with a few entries beyond the
                        // buckets' window: they must come back from the far heap in time.
                        ? (random.Next(30) == 0 ? (4 + 4 * random.NextDouble()) * 2 * pending : random.NextDouble() * 2 * pending)
                        : random.Next(6) switch
                    {
                        0 => 0,
                        1 => random.Next(4),                       // ties
                        2 => random.NextDouble() * 2 * pending,
                        3 => random.NextDouble() * 0.001,
                        4 => random.Next(100) switch { 0 => 1e9 * random.NextDouble(), _ => random.NextDouble() * pending },
                        _ => -Math.Log(1 - random.NextDouble()) * 50,
                    };
                    int priority = random.Next(5) == 0 ? random.Next(-3, 4) : 0;
                    var target = new object();
                    var expected = new Expected(now + delay, priority, sequence++);
                    queue.Push(expected.Time, priority, EntryKind.Callback, target, now);
                    reference.Add(expected);
                    targets.Add(target, expected);
                }
                else
                {
                    var want = reference.Min;
                    reference.Remove(want);
                    Assert.That(queue.NextTime, Is.EqualTo(want.Time));
                    var entry = queue.Pop();
                    Assert.That(targets[entry.Target], Is.EqualTo(want), $"phase {phase}, step {step}");
                    Assert.That(entry.Time, Is.EqualTo(want.Time));
                    now = entry.Time;
                }
                Assert.That(queue.Count, Is.EqualTo(reference.Count));
            }
        }
    }
}
