namespace T2CSim.Tests.Core.Workload.Places;

using T2CSim.Core;
using T2CSim.Core.Randomness;
using T2CSim.Core.Workload.Places;

/// <summary>The three strategies: every request placed once, in the proportions each promises, deterministically.</summary>
public sealed class PlaceAssignmentTests
{
    private const int Requests = 100_000;

    private static PlaceDevice[] Devices(params string[] classes) =>
        classes.Select((c, i) => new PlaceDevice(i, $"d{i}", c)).ToArray();

    private static PlaceWorkloadSpec Spec(string mode, params (string Key, double Weight)[] weights) =>
        new(mode, "s.yaml", "workload.places", weights.Select(w => new PlaceWeight(w.Key, w.Weight, $"workload.places.weights.{w.Key}")).ToArray());

    /// <summary>Counts per device of requests spread over a simulated day (conservation checked on the way).</summary>
    private static int[] Counts(IPlaceAssignment a, int devices, int n = Requests)
    {
        var counts = new int[devices];
        for (int i = 0; i < n; i++)
        {
            int d = a.DeviceFor(i * 86400.0 / n);
            if (d < 0 || d >= devices) Assert.Fail($"request {i} went to device {d}, not one of 0..{devices - 1}");
            counts[d]++;
        }
        Assert.That(counts.Sum(), Is.EqualTo(n), "every request assigned exactly once");
        return counts;
    }

    /// <summary>|count - np| within 5 binomial standard deviations (a false alarm about once in 1.7 million).</summary>
    private static void WithinBinomial(int count, int n, double p, string what)
    {
        double sd = Math.Sqrt(n * p * (1 - p));
        Assert.That(Math.Abs(count - n * p), Is.LessThanOrEqualTo(5 * sd), $"{what}: {count} of {n} where p = {p}");
    }

    [Test]
    public void UniformSpreadsEvenly()
    {
        var devices = Devices("cam", "cam", "cam", "phone", "phone", "phone", "phone", "hub");
        var counts = Counts(PlaceAssignments.Build(Spec(PlaceModes.Uniform), devices, new RandomStreams(3), 0), devices.Length);
        for (int i = 0; i < devices.Length; i++) WithinBinomial(counts[i], Requests, 1.0 / devices.Length, $"device {i}");
    }

    [Test]
    public void WeightedByClassAndByName()
    {
        // Per class: each cam weighs 3, each phone 1; device d4 (a phone) named with 6; hub unlisted = 0.
        var devices = Devices("cam", "cam", "phone", "phone", "phone", "hub");
        var spec = Spec(PlaceModes.Weighted, ("cam", 3), ("phone", 1), ("d4", 6));
        Assert.That(PlaceAssignments.DeviceWeights(spec, devices), Is.EqualTo(new[] { 3.0, 3, 1, 1, 6, 0 }));
        var counts = Counts(PlaceAssignments.Build(spec, devices, new RandomStreams(3), 0), devices.Length);
        double[] p = [3 / 14.0, 3 / 14.0, 1 / 14.0, 1 / 14.0, 6 / 14.0, 0];
        for (int i = 0; i < devices.Length; i++) WithinBinomial(counts[i], Requests, p[i], $"device {i}");
        Assert.That(counts[5], Is.Zero, "a zero weight is never drawn");
    }

    [Test]
    public void WeightedDrawIsTheAliasTable()
    {
        // Hand-built: weights 1, 0, 3 -> slots for devices 0 and 2 with scaled weights 0.5 and 1.5;
        // slot 0 keeps device 0 with probability 0.5 and otherwise takes device 2; slot 1 is device 2.
        // P(device 0) = 1/2 × 1/2 = 1/4 = 1/(1+3).
        var copy = new RandomStream(9);
        var a = new WeightedPlaces([1, 0, 3], new RandomStream(9));
        for (int i = 0; i < 1000; i++)
        {
            int slot = copy.NextInt(2);
            double u = copy.NextDouble();
            Assert.That(a.DeviceFor(0), Is.EqualTo(slot == 0 && u < 0.5 ? 0 : 2));
        }
    }

    [Test]
    public void WeightedProportionsHoldForManyUnevenDevices()
    {
        // 1,000 devices with weights 0..9 (every tenth zero): each count within the binomial bound.
        var weights = Enumerable.Range(0, 1000).Select(i => (double)(i * 7 % 10)).ToArray();
        var a = new WeightedPlaces(weights, new RandomStream(21));
        var counts = Counts(a, weights.Length, 2_000_000);
        double total = weights.Sum();
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] == 0) Assert.That(counts[i], Is.Zero, $"device {i} has weight 0");
            else WithinBinomial(counts[i], 2_000_000, weights[i] / total, $"device {i}");
        }
    }

    [Test]
    public void NearestSendsEachRequestToTheBruteForceNearestDeviceOfARowOfItsHour()
    {
        var trace = TraceCoordinateReader.Read(TraceCoordinateTests.SharedTrace("la-311-2017-12-subset.csv"));
        var devices = Devices(Enumerable.Repeat("cam", 60).ToArray());
        var spec = Spec(PlaceModes.Nearest) with { Trace = trace };
        var a = (NearestPlaces)PlaceAssignments.Build(spec, devices, new RandomStreams(3), startHour: 10.5);
        var sites = a.Projection.Project(a.Sites);
        Assert.That(a.Sites, Has.Count.EqualTo(60));
        Assert.That(a.Projection.ReferenceLatitude, Is.EqualTo(trace.Points.Average(p => p.Location.Latitude)).Within(1e-9));
        // Every located row's device is its brute-force nearest site.
        for (int r = 0; r < trace.Points.Count; r++)
            Assert.That(a.DeviceOfRow(r), Is.EqualTo(NearestSiteIndex.BruteForce(sites, a.Projection.Project(trace.Points[r].Location))));
        // A request at t stands for a row of the hour of day 10.5 + t/3600 (LA covers every hour).
        var replay = (NearestPlaces)PlaceAssignments.Build(spec, devices, new RandomStreams(3), startHour: 10.5);
        var counts = new int[devices.Length];
        for (int i = 0; i < 20_000; i++)
        {
            double t = i * 86400.0 / 20_000;
            int row = replay.RowFor(t);
            int hour = (int)Math.Floor(10.5 + t / 3600) % 24;
            Assert.That(trace.Points[row].Timestamp.Hour, Is.EqualTo(hour));
            int device = a.DeviceFor(t);
            Assert.That(device, Is.EqualTo(a.DeviceOfRow(row)), "same stream, same draw");
            counts[device]++;
        }
        Assert.That(counts.Sum(), Is.EqualTo(20_000));
    }

    [Test]
    public void NearestWithExplicitSites()
    {
        var trace = TraceCoordinateReader.Read(TraceCoordinateTests.SharedTrace("nyc-311-2024-05-sample.csv"));
        // Manhattan, Brooklyn, Staten Island: hand-picked places.
        PlaceDevice[] devices =
        [
            new(0, "manhattan", "cam", new GeoPoint(40.78, -73.97)),
            new(1, "brooklyn", "cam", new GeoPoint(40.65, -73.95)),
            new(2, "staten", "cam", new GeoPoint(40.58, -74.15)),
        ];
        var spec = Spec(PlaceModes.Nearest) with { Trace = trace, Sites = PlaceModes.SitesExplicit };
        var a = (NearestPlaces)PlaceAssignments.Build(spec, devices, new RandomStreams(1), startHour: 0);
        Assert.That(a.Sites, Is.EqualTo(devices.Select(d => d.Location!.Value)));
        // The first row (40.847, -73.935: Washington Heights) is nearest Manhattan.
        Assert.That(a.DeviceOfRow(0), Is.EqualTo(0));
        var sites = a.Projection.Project(a.Sites);
        for (int r = 0; r < trace.Points.Count; r++)
            Assert.That(a.DeviceOfRow(r), Is.EqualTo(NearestSiteIndex.BruteForce(sites, a.Projection.Project(trace.Points[r].Location))));
        Counts(a, devices.Length, 10_000);
    }

    [Test]
    public void HoursWithoutRowsBorrowTheNearestHourThatHasSome()
    {
        // The NYC sample has rows at 23, 0, 1 and 2 o'clock only.
        var trace = TraceCoordinateReader.Read(TraceCoordinateTests.SharedTrace("nyc-311-2024-05-sample.csv"));
        var byHour = Enumerable.Range(0, 24).Select(h => (IReadOnlyCollection<int>)trace.Points.Select((p, i) => (p, i)).Where(x => x.p.Timestamp.Hour == h).Select(x => x.i).ToArray()).ToArray();
        Assert.That(Enumerable.Range(0, 24).Where(h => byHour[h].Count > 0), Is.EqualTo(new[] { 0, 1, 2, 23 }));
        // 12 -> 2 (10 h back; 22, 10 h on, has none); 13 -> 23 (10 h on; 3, 10 h back, has none); 17 -> 23; 22 -> 23.
        Assert.That(new[] { 0, 5, 12, 13, 17, 22 }.Select(h => NearestPlaces.BorrowedHour(h, byHour)).ToArray(), Is.EqualTo(new[] { 0, 2, 2, 23, 23, 23 }));
        // A tie (rows at 10 and 14 only, hour 12): the earlier hour wins; across midnight too (rows at 22 and 2, hour 0).
        IReadOnlyCollection<int>[] Only(params int[] hours) => Enumerable.Range(0, 24).Select(h => (IReadOnlyCollection<int>)(hours.Contains(h) ? [1] : Array.Empty<int>())).ToArray();
        Assert.That(NearestPlaces.BorrowedHour(12, Only(10, 14)), Is.EqualTo(10));
        Assert.That(NearestPlaces.BorrowedHour(0, Only(2, 22)), Is.EqualTo(22));
    }

    [Test]
    public void SameSeedSameAssignmentsAndOwnStream()
    {
        var devices = Devices("cam", "cam", "phone");
        var spec = Spec(PlaceModes.Weighted, ("cam", 2), ("phone", 1));
        int[] Run(long seed)
        {
            var streams = new RandomStreams(seed);
            var a = PlaceAssignments.Build(spec, devices, streams, 0);
            return Enumerable.Range(0, 500).Select(i => a.DeviceFor(i)).ToArray();
        }
        Assert.That(Run(4), Is.EqualTo(Run(4)));
        Assert.That(Run(4), Is.Not.EqualTo(Run(5)));
        // Only the places stream is drawn from: another purpose's stream is untouched.
        var s = new RandomStreams(4);
        var before = new RandomStreams(4).Stream("arrivals").NextUInt64();
        var b = PlaceAssignments.Build(spec, devices, s, 0);
        for (int i = 0; i < 100; i++) b.DeviceFor(i);
        Assert.That(s.Stream("arrivals").NextUInt64(), Is.EqualTo(before));
    }

    [TestCase("weighted", "tablet", "s.yaml: workload.places.weights.tablet: names no device or device class (classes: cam, phone)")]
    [TestCase("weighted", "d0", "s.yaml: workload.places.weights: every device's weight is zero: no request could be placed")]
    public void BadWeightsAreOneLineErrors(string mode, string key, string message)
    {
        var e = Assert.Throws<UserInputException>(() => PlaceAssignments.Build(Spec(mode, (key, key == "d0" ? 0 : 1)), Devices("cam", "phone"), new RandomStreams(1), 0))!;
        Assert.That(e.Message, Is.EqualTo(message));
    }

    [Test]
    public void AKeyThatIsBothANameAndAClassIsRefused()
    {
        PlaceDevice[] devices = [new(0, "cam", "cam"), new(1, "p", "phone")];
        var e = Assert.Throws<UserInputException>(() => PlaceAssignments.Build(Spec(PlaceModes.Weighted, ("cam", 1)), devices, new RandomStreams(1), 0))!;
        Assert.That(e.Message, Is.EqualTo("s.yaml: workload.places.weights.cam: is both a device name and a device class; rename one"));
    }

    [Test]
    public void ExplicitSitesNeedEveryDevicesPlace()
    {
        var trace = TraceCoordinateReader.Read(TraceCoordinateTests.SharedTrace("nyc-311-2024-05-sample.csv"));
        PlaceDevice[] devices = [new(0, "a", "cam", new GeoPoint(40.7, -74)), new(1, "b", "cam")];
        var spec = Spec(PlaceModes.Nearest) with { Trace = trace, Sites = PlaceModes.SitesExplicit };
        var e = Assert.Throws<UserInputException>(() => PlaceAssignments.Build(spec, devices, new RandomStreams(1), 0))!;
        Assert.That(e.Message, Is.EqualTo("s.yaml: workload.places.sites: explicit, but device 'b' has no latitude and longitude on the globe"));
    }

    [Test]
    public void MoreDevicesThanTracePlacesIsRefused()
    {
        var trace = TraceCoordinateReader.Read(TraceCoordinateTests.SharedTrace("nyc-311-2024-05-sample.csv"));
        var spec = Spec(PlaceModes.Nearest) with { Trace = trace };
        var e = Assert.Throws<UserInputException>(() => PlaceAssignments.Build(spec, Devices(Enumerable.Repeat("cam", 800).ToArray()), new RandomStreams(1), 0))!;
        Assert.That(e.Message, Is.EqualTo("s.yaml: workload.places.sites: cannot place 800 devices on nyc-311-2024-05-sample.csv: 800 sites asked for but the trace has only 787 distinct located places"));
    }
}
