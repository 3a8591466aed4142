namespace T2CSim.Tests.Core.Workload;

using T2CSim.Core;
using T2CSim.Core.Workload;

/// <summary>The 311 readers and the profile derivation, on the public traces (read in place, never copied).</summary>
public sealed class TraceProfileTests
{
    private static string SharedTrace(string name) => Path.Combine(ProjectPaths.SharedTraces, name);

    [Test]
    public void LosAngelesTraceMatchesItsReadme()
    {
        var trace = TraceReader.Read(SharedTrace("la-311-2017-12-subset.csv"));
        var d = ProfileDerivation.FromTrace(trace);
        Assert.That(trace.TimestampColumn, Is.EqualTo("CreatedDate"));
        Assert.That(d.Rows, Is.EqualTo(9999));
        Assert.That(d.First, Is.EqualTo(new DateTime(2017, 12, 27, 13, 36, 22)));
        Assert.That(d.Last, Is.EqualTo(new DateTime(2017, 12, 31, 23, 59, 58)));
        // README: "about 105 continuous hours", "mean 95.2 requests per hour" = 9999 / 105 clock hours.
        Assert.That(d.DistinctClockHours, Is.EqualTo(105));
        Assert.That(Math.Round(9999.0 / d.DistinctClockHours, 1), Is.EqualTo(95.2));
        Assert.That(d.Requests.Sum(), Is.EqualTo(9999));
        // Covered hours add up to the span: 4 days + 10 h 23 min 36 s = 106.3933 h.
        Assert.That(d.CoveredHours.Sum(), Is.EqualTo(d.SpanHours).Within(1e-9));
        Assert.That(d.SpanHours, Is.EqualTo(96 + (10 * 3600 + 23 * 60 + 36) / 3600.0).Within(1e-9));
    }

    [Test]
    public void LosAngelesProfileCountsOnlyTheHoursCovered()
    {
        var d = ProfileDerivation.FromTrace(TraceReader.Read(SharedTrace("la-311-2017-12-subset.csv")));
        // 10:00 occurs on Dec 28..31 only: 903 requests / 4 h. README: "about 225 per hour at 10:00 to 11:00".
        Assert.That(d.Rate(10), Is.EqualTo(903 / 4.0));
        Assert.That(d.Rate(11), Is.EqualTo(904 / 4.0));
        // README: "about 2 to 6 per hour at 01:00 to 04:00".
        Assert.That(new[] { d.Rate(1), d.Rate(2), d.Rate(3), d.Rate(4) }, Is.EqualTo(new[] { 3.75, 2.0, 4.5, 2.0 }));
        // 13:00 is covered 4 full days plus 13:36:22..14:00 on Dec 27 (1418 s).
        Assert.That(d.CoveredHours[13], Is.EqualTo(4 + 1418 / 3600.0).Within(1e-9));
        Assert.That(d.Rate(13), Is.EqualTo(797 / (4 + 1418 / 3600.0)).Within(1e-9));
        // 14:00 occurs on all five days.
        Assert.That(d.Rate(14), Is.EqualTo(1065 / 5.0));
    }

    [Test]
    public void CommittedProfileIsTheDerivedOne()
    {
        var derived = ProfileDerivation.FromTrace(TraceReader.Read(SharedTrace("la-311-2017-12-subset.csv")));
        var committed = HourlyProfile.Read(ProjectPaths.InRoot("traces", "la-311-2017-12-hourly.csv"));
        for (int h = 0; h < 24; h++)
            Assert.That(committed.RequestsPerHour[h], Is.EqualTo(derived.Rate(h)).Within(1e-4), $"hour {h}");
        Assert.That(committed.Comments[0], Does.StartWith("derived-by: t2c trace "));
        // The daily volume: 24 x the mean hourly rate.
        Assert.That(committed.MeanRequestsPerHour, Is.EqualTo(Enumerable.Range(0, 24).Average(derived.Rate)).Within(1e-4));
    }

    [Test]
    public void NewYorkFormatIsRecognisedButCoversTooLittleForADailyProfile()
    {
        var trace = TraceReader.Read(SharedTrace("nyc-311-2024-05-sample.csv"));
        Assert.That(trace.TimestampColumn, Is.EqualTo("created_date"));
        Assert.That(trace.Timestamps, Has.Count.EqualTo(1000));
        Assert.That(trace.Timestamps.Min(), Is.EqualTo(new DateTime(2024, 5, 26, 23, 10, 10)));
        Assert.That(trace.Timestamps.Max(), Is.EqualTo(new DateTime(2024, 5, 27, 2, 8, 51)));
        var d = ProfileDerivation.FromTrace(trace);
        Assert.That(d.CoversWholeDay, Is.False);
        var e = Assert.Throws<UserInputException>(() => d.ToProfile([]))!;
        Assert.That(e.Message, Does.Contain("nyc-311-2024-05-sample.csv").And.Contain("hour 3"));
    }

    [Test]
    public void OtherFormatsNeedTheirColumnAndFormat()
    {
        const string csv = "id,when,what\n1,2020/01/02 10:15,x\n2,\"2020/01/02 11:45\",\"a, b\"\n";
        var e = Assert.Throws<UserInputException>(() => TraceReader.Read(new StringReader(csv), "other.csv", new TraceOptions()))!;
        Assert.That(e.Message, Does.StartWith("other.csv: header:").And.Contain("--timestamp-column"));

        var trace = TraceReader.Read(new StringReader(csv), "other.csv", new TraceOptions("when", "yyyy/MM/dd HH:mm"));
        Assert.That(trace.Timestamps, Is.EqualTo(new[] { new DateTime(2020, 1, 2, 10, 15, 0), new DateTime(2020, 1, 2, 11, 45, 0) }));
        var d = ProfileDerivation.FromTrace(trace);
        // [10:15, 11:45]: 0.75 h of hour 10 and 0.75 h of hour 11, one request in each.
        Assert.That(d.Rate(10), Is.EqualTo(1 / 0.75).Within(1e-12));
        Assert.That(d.Rate(11), Is.EqualTo(1 / 0.75).Within(1e-12));
    }

    [Test]
    public void ABadTimestampNamesTheLineAndColumn()
    {
        const string csv = "SRNumber,CreatedDate\n1,12/27/2017 01:02:03 PM\n2,2017-12-27 13:02\n";
        var e = Assert.Throws<UserInputException>(() => TraceReader.Read(new StringReader(csv), "la.csv", new TraceOptions()))!;
        Assert.That(e.Message, Is.EqualTo("la.csv: line 3 CreatedDate: '2017-12-27 13:02' does not match the format MM/dd/yyyy hh:mm:ss tt"));
    }

    [Test]
    public void ProfileCsvRoundTripsAndRefusesGaps()
    {
        var rates = Enumerable.Range(0, 24).Select(h => h * 1.25).ToArray();
        var text = new HourlyProfile(rates, ["derived-by: hand"]).ToCsv();
        var back = HourlyProfile.Parse(text.Split('\n'), "p.csv");
        Assert.That(back.RequestsPerHour, Is.EqualTo(rates));
        Assert.That(back.Comments, Is.EqualTo(new[] { "derived-by: hand" }));

        var gap = string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("7,", StringComparison.Ordinal)));
        var e = Assert.Throws<UserInputException>(() => HourlyProfile.Parse(gap.Split('\n'), "p.csv"))!;
        Assert.That(e.Message, Is.EqualTo("p.csv: hour 7: missing (a profile lists hours 0..23)"));
    }
}
