namespace T2CSim.Core.Controller;

using System.Collections;
using T2CSim.Core.Collections;
using T2CSim.Core.Domain;

/// <summary>
/// Every request of a run, in arrival order: the rows of requests.csv. The rows are reference-free
/// structs (<see cref="RequestRow"/>) in fixed-size chunks: a 10,000-device run keeps a million of
/// them, and as objects (a record and its request each) they were millions of objects every full GC
/// traced and every write to an old one dirtied a card the young GCs scanned. A
/// <see cref="RequestRecord"/> is a view of one row: the controller holds one per request in flight,
/// and reading the log hands out new views (equal to the controller's: same log, same row).
/// </summary>
public sealed class RequestLog : IReadOnlyList<RequestRecord>
{
    // 512 rows of 88 bytes (45 KB) a chunk: chunks are allocated once and never copied as the log
    // grows, and stay below the large object heap (ChunkedList).
    private readonly ChunkedList<RequestRow> _rows = new();

    internal NameTable Names { get; } = new();

    public int Count => _rows.Count;

    public RequestRecord this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return new RequestRecord(this, index);
        }
    }

    /// <summary>Logs a request that arrived (its life not begun) and returns its record.</summary>
    public RequestRecord Record(Request request)
    {
        int row = NewRow();
        ref var r = ref Row(row);
        r.Id = request.Id;
        r.ArrivalS = request.ArrivalS;
        r.Model = Names.IndexOf(request.Model);
        r.Task = Names.IndexOf(request.Task);
        r.MinAccuracy = request.MinAccuracy;
        r.MaxLatencyS = request.MaxLatencyS;
        r.DeploymentId = -1;
        r.ExitAccuracy = double.NaN;
        r.PredictedLatencyS = double.NaN;
        r.StartedS = double.NaN;
        r.CompletedS = double.NaN;
        r.Cause = OutcomeCause.QueuedAtEnd;
        r.GivenUpBecause = -1;
        return new RequestRecord(this, row, request);
    }

    /// <summary>
    /// Appends a record made elsewhere (a test's, or another log's): its row is copied here and the
    /// record becomes this log's view of it.
    /// </summary>
    public void Add(RequestRecord record)
    {
        var added = Record(record.Request);
        ref var to = ref Row(added.RowIndex);
        to.Attachment = record.Attachment;
        to.DeploymentId = record.DeploymentId;
        to.Exit = Names.IndexOf(record.Exit);
        to.ExitAccuracy = record.ExitAccuracy;
        to.Partition = Names.IndexOf(record.Partition);
        to.PredictedLatencyS = record.PredictedLatencyS;
        to.StartedS = record.StartedS;
        to.CompletedS = record.CompletedS;
        to.Cause = record.Cause;
        to.GivenUpBecause = record.GivenUpBecause is { } because ? Names.IndexOf(because) : -1;
        record.MoveTo(this, added.RowIndex);
    }

    internal ref RequestRow Row(int index) => ref _rows.ItemRef(index);

    private int NewRow()
    {
        _rows.Add(default);
        return _rows.Count - 1;
    }

    public IEnumerator<RequestRecord> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return new RequestRecord(this, i);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
