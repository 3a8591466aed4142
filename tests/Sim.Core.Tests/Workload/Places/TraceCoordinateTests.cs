namespace T2CSim.Tests.Core.Workload.Places;

using T2CSim.Core;
using T2CSim.Core.Workload;
using T2CSim.Core.Workload.Places;

/// <summary>Coordinates of the 311 traces: which rows are kept, which are skipped and counted, which are refused.</summary>
public sealed class TraceCoordinateTests
{
    internal static string SharedTrace(string name) => Path.Combine(ProjectPaths.SharedTraces, name);

    [Test]
    public void LosAngelesRowsWithoutCoordinatesAreCountedAndSkipped()
    {
        var c = TraceCoordinateReader.Read(SharedTrace("la-311-2017-12-subset.csv"));
        Assert.That((c.LatitudeColumn, c.LongitudeColumn), Is.EqualTo(("Latitude", "Longitude")));
        // 9,999 rows (README); 1,753 have empty Latitude and Longitude cells; none at 0,0 or off the globe.
        Assert.That((c.Rows, c.Points.Count, c.Missing, c.NullIsland, c.OffGlobe), Is.EqualTo((9999L, 8246, 1753L, 0L, 0L)));
        Assert.That(c.Points.Count + c.Skipped, Is.EqualTo(c.Rows));
        // First data row of the file, exactly as written.
        Assert.That(c.Points[0], Is.EqualTo(new TracePoint(new DateTime(2017, 12, 31, 23, 59, 58), new GeoPoint(34.073216645, -118.266861909))));
        Assert.That(c.Points.Select(p => p.Location).Distinct().Count(), Is.EqualTo(6705), "many requests share an address");
        // Every kept row lies in Los Angeles.
        Assert.That(c.Points.All(p => p.Location.Latitude is > 33.7 and < 34.34 && p.Location.Longitude is > -118.67 and < -118.15));
    }

    [Test]
    public void NewYorkRowsWithoutCoordinatesAreCountedAndSkipped()
    {
        var c = TraceCoordinateReader.Read(SharedTrace("nyc-311-2024-05-sample.csv"));
        Assert.That((c.LatitudeColumn, c.LongitudeColumn), Is.EqualTo(("latitude", "longitude")));
        Assert.That((c.Rows, c.Points.Count, c.Missing, c.NullIsland, c.OffGlobe), Is.EqualTo((1000L, 988L, 12L, 0L, 0L)));
        Assert.That(c.Points[0], Is.EqualTo(new TracePoint(new DateTime(2024, 5, 27, 2, 8, 51), new GeoPoint(40.84735682050765, -73.93517137747149))));
        Assert.That(c.Summary, Is.EqualTo("1000 rows, 988 with coordinates, 12 skipped (12 empty, 0 at 0,0, 0 off the globe)"));
    }

    [Test]
    public void EachKindOfUnusableRowIsCountedSeparately()
    {
        const string csv = "created_date,latitude,longitude\n" +
                           "2024-05-01T10:00:00,40.7,-74.0\n" +   // kept
                           "2024-05-01T10:01:00,,-74.0\n" +       // missing latitude
                           "2024-05-01T10:02:00,40.7,\n" +        // missing longitude
                           "2024-05-01T10:03:00,0,0\n" +          // null island
                           "2024-05-01T10:04:00,0.0,-0.0\n" +     // null island, written differently
                           "2024-05-01T10:05:00,91,-74\n" +       // off the globe
                           "2024-05-01T10:06:00,40.7,-180.5\n" +  // off the globe
                           "2024-05-01T10:07:00,0,-74.0\n" +      // the equator is a place: kept
                           "2024-05-01T10:08:00,-90,180\n";       // the edge of the globe: kept
        var c = TraceCoordinateReader.Read(new StringReader(csv), "t.csv", new TraceOptions());
        Assert.That((c.Rows, c.Points.Count, c.Missing, c.NullIsland, c.OffGlobe), Is.EqualTo((9L, 3, 2L, 2L, 2L)));
        Assert.That(c.Points.Select(p => p.Timestamp.Minute), Is.EqualTo(new[] { 0, 7, 8 }));
    }

    [Test]
    public void NamedColumnsOverrideRecognition()
    {
        const string csv = "when,y,x\n2024/05/01 10:00,40.5,-74.25\n";
        var c = TraceCoordinateReader.Read(new StringReader(csv), "t.csv", new TraceOptions("when", "yyyy/MM/dd HH:mm", "y", "x"));
        Assert.That(c.Points.Single().Location, Is.EqualTo(new GeoPoint(40.5, -74.25)));
    }

    [TestCase("created_date,latitude,longitude\n2024-05-01T10:00:00,40.7,-74\n2024-05-01T10:01:00,north,-74\n", "t.csv: line 3 latitude: 'north' is not a number")]
    [TestCase("created_date,latitude,longitude\n2024-05-01T10:00:00,40.7,NaN\n", "t.csv: line 2 longitude: 'NaN' is not a number")]
    [TestCase("created_date,latitude,longitude\n2024-05-01T10:00:00,40.7,1e999\n", "t.csv: line 2 longitude: '1e999' is not a number")]
    [TestCase("created_date,lat,lon\n2024-05-01T10:00:00,40.7,-74\n", "t.csv: header: no known coordinate columns (Latitude, Longitude; latitude, longitude); name them with --latitude-column and --longitude-column")]
    [TestCase("created_date,latitude,longitude\n2024-05-01T10:00:00,,\n2024-05-01T10:00:00,0,0\n", "t.csv: latitude, longitude: none of the 2 rows has usable coordinates")]
    [TestCase("created_date,latitude,longitude\n", "t.csv: created_date: the trace has no rows")]
    [TestCase("created_date,latitude,longitude\n2024-05-01T10:00:00,40.7\n", "t.csv: line 2: 2 cells where the header has 3")]
    public void BadCoordinatesAreOneLineErrorsNamingFileLineAndColumn(string csv, string message)
    {
        var e = Assert.Throws<UserInputException>(() => TraceCoordinateReader.Read(new StringReader(csv), "t.csv", new TraceOptions()))!;
        Assert.That(e.Message, Is.EqualTo(message));
    }

    [Test]
    public void OnlyOneNamedCoordinateColumnIsRefused()
    {
        var e = Assert.Throws<UserInputException>(() => TraceCoordinateReader.Read(new StringReader("created_date,latitude,longitude\n2024-05-01T10:00:00,1,1\n"), "t.csv", new TraceOptions(LatitudeColumn: "latitude")))!;
        Assert.That(e.Message, Is.EqualTo("t.csv: header: name both the latitude and the longitude column, or neither"));
        e = Assert.Throws<UserInputException>(() => TraceCoordinateReader.Read(new StringReader("created_date,latitude,longitude\n2024-05-01T10:00:00,1,1\n"), "t.csv", new TraceOptions(LatitudeColumn: "lat", LongitudeColumn: "longitude")))!;
        Assert.That(e.Message, Is.EqualTo("t.csv: header: no column 'lat' (columns: created_date, latitude, longitude)"));
    }

    [Test]
    public void TimestampsAreTheOnesTheProfileReaderSees()
    {
        // The coordinate reader shares TraceReader's rows: same timestamps, in file order, for the kept rows.
        var path = SharedTrace("nyc-311-2024-05-sample.csv");
        var all = TraceReader.Read(path).Timestamps;
        var located = TraceCoordinateReader.Read(path).Points.Select(p => p.Timestamp).ToList();
        Assert.That(located, Is.SubsetOf(all));
        Assert.That(located, Has.Count.EqualTo(988));
        Assert.That(all, Has.Count.EqualTo(1000));
    }
}
