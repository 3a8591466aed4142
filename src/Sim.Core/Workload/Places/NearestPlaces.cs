namespace T2CSim.Core.Workload.Places;

using T2CSim.Core.Randomness;

/// <summary>
/// `nearest`: a request takes the place of a trace row and goes to the device nearest to it. The
/// arrival process already follows the trace's hourly profile, so the row is drawn uniformly (seeded)
/// among the located rows created in the same hour of the day as the request (hour of day at time t
/// = floor(start_hour + t/3600) mod 24, as WorkloadSpec counts it): the spatial mix then follows
/// the daily cycle too (downtown by day, elsewhere at night). An hour with no located row borrows the
/// cyclically nearest hour that has some (the earlier one on a tie), so a trace covering only part of
/// the day (the NYC sample: 23:00 to 02:00) still serves every hour. Each row's nearest device is
/// computed once (NearestSiteIndex), so a request costs one draw.
/// </summary>
public sealed class NearestPlaces : IPlaceAssignment
{
    private readonly int[] _rowDevice;
    private readonly int[][] _rowsOfHour;
    private readonly double _startHour;
    private readonly RandomStream _random;

    public NearestPlaces(TraceCoordinates trace, IReadOnlyList<GeoPoint> sites, double startHour, RandomStream random)
    {
        if (sites.Count == 0) throw new ArgumentException("no device sites");
        if (startHour is < 0 or >= 24) throw new ArgumentOutOfRangeException(nameof(startHour));
        Sites = sites;
        Projection = EquirectangularProjection.AroundMeanOf(trace.Points.Select(p => p.Location).ToArray());
        var index = new NearestSiteIndex(Projection.Project(sites));
        _rowDevice = new int[trace.Points.Count];
        var byHour = Enumerable.Range(0, 24).Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < _rowDevice.Length; i++)
        {
            _rowDevice[i] = index.Nearest(Projection.Project(trace.Points[i].Location));
            byHour[trace.Points[i].Timestamp.Hour].Add(i);
        }
        _rowsOfHour = new int[24][];
        for (int h = 0; h < 24; h++) _rowsOfHour[h] = byHour[BorrowedHour(h, byHour)].ToArray();
        _startHour = startHour;
        _random = random;
    }

    public string Mode => PlaceModes.Nearest;

    /// <summary>Device i's place (the sites the devices were given, in declaration order).</summary>
    public IReadOnlyList<GeoPoint> Sites { get; }

    /// <summary>The plane distances are measured in: around the trace's mean latitude.</summary>
    public EquirectangularProjection Projection { get; }

    /// <summary>The device nearest to located row i of the trace.</summary>
    public int DeviceOfRow(int row) => _rowDevice[row];

    /// <summary>The hour of the day whose rows serve requests in hour h (h itself when it has rows).</summary>
    public static int BorrowedHour(int h, IReadOnlyList<IReadOnlyCollection<int>> rowsByHour)
    {
        for (int d = 0; d <= 12; d++)
        {
            int earlier = ((h - d) % 24 + 24) % 24, later = (h + d) % 24;
            if (rowsByHour[earlier].Count > 0) return earlier;
            if (rowsByHour[later].Count > 0) return later;
        }
        throw new ArgumentException("the trace has no located rows");
    }

    public int DeviceFor(double arrivalS) => _rowDevice[RowFor(arrivalS)];

    /// <summary>The located trace row a request at arrivalS stands for (one draw from the stream).</summary>
    public int RowFor(double arrivalS)
    {
        var rows = _rowsOfHour[HourOfDay(arrivalS)];
        return rows[_random.NextInt(rows.Length)];
    }

    /// <summary>Hour of the day at simulated time t, as WorkloadSpec.RatePerSecond counts it.</summary>
    public int HourOfDay(double arrivalS) => (int)(((long)Math.Floor(_startHour + arrivalS / 3600.0) % 24 + 24) % 24);
}
