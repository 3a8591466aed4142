namespace T2CSim.Tests.Core.Controller;

using System.Runtime.CompilerServices;
using T2CSim.Core.Controller;
using T2CSim.Core.Domain;

/// <summary>The run log's requests: reference-free rows, records as views of them (docs/topology.md, "Scale").</summary>
public class RequestLogTests
{
    [Test]
    public void RowsHoldNoReferenceForTheGcToTrace() =>
        Assert.That(RuntimeHelpers.IsReferenceOrContainsReferences<RequestRow>(), Is.False);

    [Test]
    public void ARecordWrittenByTheControllerReadsBackThroughTheLog()
    {
        var log = new RequestLog();
        var request = new Request(7, 1.5, "cam", "t", 0.6, 0.2);
        var live = log.Record(request);
        live.Attachment = Attachment.Hitchhiked;
        live.DeploymentId = 3;
        live.PredictedLatencyS = 0.05;
        live.StartedS = 2;
        live.Exit = "e2";
        live.Partition = "(1,2)";
        live.ExitAccuracy = 0.7;
        live.Finish(2.1);

        var read = log[0];
        Assert.That(read, Is.Not.SameAs(live));
        Assert.That(read, Is.EqualTo(live), "two views of one row are equal");
        Assert.That(read.Request, Is.EqualTo(request));
        Assert.That((read.Attachment, read.DeploymentId, read.PredictedLatencyS, read.Exit, read.Partition, read.ExitAccuracy),
            Is.EqualTo((Attachment.Hitchhiked, 3, 0.05, "e2", "(1,2)", 0.7)));
        Assert.That(read.QueuingS, Is.EqualTo(0.5));
        Assert.That(read.LatencyS, Is.EqualTo(0.1).Within(1e-12));
        Assert.That(read.Cause, Is.EqualTo(OutcomeCause.Served), "0.1 s <= 0.2 s and 0.7 >= 0.6");
    }

    [Test]
    public void AFreshRecordHasNotStarted()
    {
        var r = new RequestLog().Record(new Request(0, 0, "cam", "t", 0.6, 0.2));
        Assert.That((r.Attachment, r.DeploymentId, r.Exit, r.Partition, r.Cause), Is.EqualTo((Attachment.None, -1, "", "", OutcomeCause.QueuedAtEnd)));
        Assert.That(new[] { r.ExitAccuracy, r.PredictedLatencyS, r.StartedS, r.CompletedS, r.QueuingS }, Has.All.NaN);
    }

    [Test]
    public void AddCopiesARecordMadeElsewhereAndMakesItAViewOfTheLog()
    {
        var log = new RequestLog();
        log.Record(new Request(0, 0, "cam", "t", 0.6, 0.2));
        var own = new RequestRecord(new Request(1, 1, "mic", "u", 0.5, 0.3));
        own.GiveUp("sensor link queue full");
        log.Add(own);
        Assert.That(log, Has.Count.EqualTo(2));
        Assert.That(log[1], Is.EqualTo(own));
        Assert.That(log[1].Reason, Is.EqualTo(own.Reason));
        Assert.That(log[1].Request, Is.EqualTo(new Request(1, 1, "mic", "u", 0.5, 0.3)));
        own.StartedS = 4;
        Assert.That(log[1].StartedS, Is.EqualTo(4), "the record now writes the log's row");
    }

    [Test]
    public void ManyRowsKeepTheirOrderAcrossChunks()
    {
        var log = new RequestLog();
        for (int i = 0; i < 5000; i++) log.Record(new Request(i, i * 0.5, i % 2 == 0 ? "a" : "b", "t", 0.5, 0.1)).StartedS = i;
        Assert.That(log.Select(r => r.Request.Id), Is.EqualTo(Enumerable.Range(0, 5000)));
        Assert.That(log[4999].StartedS, Is.EqualTo(4999));
        Assert.That(log[3333].Request.Model, Is.EqualTo("b"));
        Assert.That(() => log[5000], Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
