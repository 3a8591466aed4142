namespace T2CSim.Tests.Core.Collections;

using System.Runtime.CompilerServices;
using T2CSim.Core.Collections;

/// <summary>The run log's append-only list: a list's order and indices, in chunks that stay off the large object heap.</summary>
public class ChunkedListTests
{
    private record struct Row(double A, double B, double C, double D, double E, double F, double G, double H, double I, double J, long K);

    [Test]
    public void ChunksAreTheLargestPowerOfTwoBelowTheLargeObjectHeap()
    {
        // 85,000 bytes is where the runtime puts an array on the large object heap (less an array's header).
        Assert.That(Unsafe.SizeOf<Row>(), Is.EqualTo(88));
        Assert.That(ChunkedList<string>.ElementsPerChunk, Is.EqualTo(8192), "8-byte references: 64 KB");
        Assert.That(ChunkedList<Row>.ElementsPerChunk, Is.EqualTo(512), "88-byte rows: 45 KB, as the request log's");
        Assert.That(ChunkedList<(double, int, double)>.ElementsPerChunk, Is.EqualTo(2048), "24-byte entries: 48 KB");
        Assert.That(ChunkedList<byte>.ElementsPerChunk, Is.EqualTo(65536));
    }

    [Test]
    public void AppendsIndexesAndEnumeratesAcrossChunkBoundariesAsAListWould()
    {
        int perChunk = ChunkedList<string>.ElementsPerChunk;
        var chunked = new ChunkedList<string>();
        var list = new List<string>();
        Assert.That(chunked, Is.Empty);
        // Through the growing first chunk, two full chunks and into a fourth.
        for (int i = 0; i < 3 * perChunk + 5; i++)
        {
            chunked.Add($"e{i}");
            list.Add($"e{i}");
            Assert.That(chunked, Has.Count.EqualTo(i + 1));
        }
        foreach (int i in new[] { 0, 3, 4, perChunk - 1, perChunk, perChunk + 1, 2 * perChunk - 1, 2 * perChunk, 3 * perChunk, 3 * perChunk + 4 })
            Assert.That(chunked[i], Is.EqualTo($"e{i}"), $"index {i}");
        Assert.That(chunked.ToList(), Is.EqualTo(list), "enumerated in appended order");
        var viaInterface = (IEnumerable<string>)chunked;
        Assert.That(viaInterface.Skip(perChunk - 2).Take(4), Is.EqualTo(new[] { $"e{perChunk - 2}", $"e{perChunk - 1}", $"e{perChunk}", $"e{perChunk + 1}" }));
    }

    [Test]
    public void IndexOutsideTheCountIsRefusedEvenInsideAnAllocatedChunk()
    {
        var chunked = new ChunkedList<int>();
        for (int i = 0; i < 5; i++) chunked.Add(i);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = chunked[5], "the first chunk has room for 8");
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = chunked[-1]);
        Assert.That(chunked[4], Is.EqualTo(4));
    }

    [Test]
    public void ItemRefWritesTheElementInPlace()
    {
        var rows = new ChunkedList<Row>();
        int perChunk = ChunkedList<Row>.ElementsPerChunk;
        for (int i = 0; i < perChunk + 3; i++) rows.Add(new Row { A = i });
        rows.ItemRef(perChunk).B = 7;
        rows.ItemRef(2).B = 5;
        Assert.That(rows[perChunk], Is.EqualTo(new Row { A = perChunk, B = 7 }));
        Assert.That(rows[2], Is.EqualTo(new Row { A = 2, B = 5 }));
        Assert.That(rows.Count(r => r.B != 0), Is.EqualTo(2));
    }

    [Test]
    public void AnEnumerationVisitsWhatWasThereWhenItBegan()
    {
        var chunked = new ChunkedList<int>();
        chunked.Add(1);
        chunked.Add(2);
        var seen = new List<int>();
        foreach (int x in chunked)
        {
            seen.Add(x);
            if (chunked.Count < 10) chunked.Add(x + 10);
        }
        Assert.That(seen, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(chunked.ToList(), Is.EqualTo(new[] { 1, 2, 11, 12 }));
    }
}
