namespace T2CSim.Tests.Core.Collections;

using T2CSim.Core.Collections;

/// <summary>The scaling factors' log: a queue's order across chunk boundaries, however it fills and drains.</summary>
public class ChunkedQueueTests
{
    [Test]
    public void DequeuesWhatAQueueWouldAcrossChunkBoundaries()
    {
        int perChunk = ChunkedList<(double, int, double)>.ElementsPerChunk;
        var chunked = new ChunkedQueue<(double, int, double)>();
        var queue = new Queue<(double, int, double)>();
        var random = new Random(5);
        int next = 0;
        // Grows to several chunks, drains to empty, grows again: every boundary and the emptied chunk's reuse.
        foreach (int target in new[] { 3 * perChunk + 7, 0, perChunk + 1, 5, 2 * perChunk, 0 })
        {
            while (queue.Count != target)
            {
                bool grow = queue.Count < target ? random.Next(4) != 0 : random.Next(4) == 0;
                if (grow)
                {
                    var item = (next * 0.5, next, -next);
                    next++;
                    chunked.Enqueue(item);
                    queue.Enqueue(item);
                }
                else if (queue.Count > 0)
                {
                    Assert.That(chunked.Peek(), Is.EqualTo(queue.Peek()));
                    Assert.That(chunked.Dequeue(), Is.EqualTo(queue.Dequeue()));
                }
                Assert.That(chunked.Count, Is.EqualTo(queue.Count));
            }
        }
        Assert.That(next, Is.GreaterThan(6 * perChunk), "crossed many chunk boundaries");
    }

    [Test]
    public void AnEmptyQueueRefusesPeekAndDequeueAndReleasesReferences()
    {
        var chunked = new ChunkedQueue<string>();
        Assert.Throws<InvalidOperationException>(() => chunked.Peek());
        Assert.Throws<InvalidOperationException>(() => chunked.Dequeue());
        chunked.Enqueue("a");
        chunked.Enqueue("b");
        Assert.That(chunked.Dequeue(), Is.EqualTo("a"));
        Assert.That(chunked.Peek(), Is.EqualTo("b"));
        Assert.That(chunked.Dequeue(), Is.EqualTo("b"));
        Assert.That(chunked.Count, Is.Zero);
        Assert.Throws<InvalidOperationException>(() => chunked.Dequeue());
        chunked.Enqueue("c");
        Assert.That(chunked.Dequeue(), Is.EqualTo("c"));
    }
}
