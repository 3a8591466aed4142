namespace T2CSim.Experiments.Commands.Bench;

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using T2CSim.Core;
using T2CSim.Core.Randomness;
using T2CSim.Core.Workload.Places;

/// <summary>
/// `t2c bench places`: the cost of tying requests to devices at scale. Sites and queries are a
/// trace's located rows (the LA trace by default) jittered by a normal of 0.5 km per axis (seeded), so they cluster as real
/// requests do and no two coincide. Times: building the k-d tree, the nearest-site queries (checked
/// against brute force on a sample), and a million draws of each assignment strategy
/// (NearestPlaces precomputes each trace row's device, so its draws do not query the tree).
/// </summary>
public sealed class PlacesBenchCommand : IBenchSubcommand
{
    public Command Build()
    {
        var sites = new Option<int>("--sites") { Description = "Number of device sites.", DefaultValueFactory = _ => 10_000 };
        var queries = new Option<int>("--queries") { Description = "Number of nearest-site queries and of strategy draws.", DefaultValueFactory = _ => 1_000_000 };
        var check = new Option<int>("--check") { Description = "Queries also answered by brute force, which must agree.", DefaultValueFactory = _ => 2_000 };
        var trace = new Option<string?>("--trace") { Description = "A 311 trace with coordinates whose rows seed the sites and queries (default: the shared LA trace)." };
        var command = new Command("places", "Nearest-site queries (k-d tree) and place-assignment draws per second.") { sites, queries, check, trace };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(sites), q = parse.GetValue(queries), c = parse.GetValue(check);
            if (n < 1) throw new UserInputException(null, "--sites", "at least one site");
            if (q < 1) throw new UserInputException(null, "--queries", "at least one query");
            if (c < 0 || c > q) throw new UserInputException(null, "--check", $"between 0 and --queries ({q})");
            Run(parse.GetValue(trace) ?? Path.Combine(ProjectPaths.SharedTraces, "la-311-2017-12-subset.csv"), n, q, c);
        });
        return command;
    }

    private static void Run(string tracePath, int siteCount, int queryCount, int checkCount)
    {
        var inv = CultureInfo.InvariantCulture;
        var trace = TraceCoordinateReader.Read(tracePath);
        var rows = trace.Points.Select(p => p.Location).ToArray();
        var projection = EquirectangularProjection.AroundMeanOf(rows);
        var plane = projection.Project(rows);
        var random = new RandomStream(1);
        PlanePoint Jittered() { var p = plane[random.NextInt(plane.Length)]; return new PlanePoint(random.Normal(p.X, 0.5), random.Normal(p.Y, 0.5)); }
        var sites = Enumerable.Range(0, siteCount).Select(_ => Jittered()).ToArray();
        var queries = Enumerable.Range(0, queryCount).Select(_ => Jittered()).ToArray();
        Console.WriteLine($"t2c bench places: {siteCount} sites, {queryCount} queries ({Path.GetFileName(tracePath)} located rows + N(0, 0.5 km) jitter), one thread, .NET {Environment.Version}; load average {LoadAverage()}");

        // Warm-up: build and query a copy until the tiered JIT has compiled the optimised code, so the
        // timings below measure the index, not the compiler (the first 100,000 queries, untimed).
        var warm = new NearestSiteIndex(sites);
        for (int i = 0; i < Math.Min(queryCount, 100_000); i++) warm.Nearest(queries[i]);
        Thread.Sleep(200); // let the background tier-1 compilation finish

        var watch = Stopwatch.StartNew();
        var index = new NearestSiteIndex(sites);
        double buildS = watch.Elapsed.TotalSeconds;
        var cpu0 = Environment.CpuUsage.TotalTime;
        watch.Restart();
        long checksum = 0;
        foreach (var query in queries) checksum += index.Nearest(query);
        double queryS = watch.Elapsed.TotalSeconds;
        double queryCpuS = (Environment.CpuUsage.TotalTime - cpu0).TotalSeconds;
        for (int i = 0; i < checkCount; i++)
            if (index.Nearest(queries[i]) != NearestSiteIndex.BruteForce(sites, queries[i]))
                throw new InvalidOperationException($"k-d tree and brute force disagree on query {i}");
        Console.WriteLine(string.Create(inv, $"k-d tree build      {buildS * 1e3,9:0.0} ms"));
        Console.WriteLine(string.Create(inv, $"nearest queries     {queryS * 1e3,9:0.0} ms  {queryS / queryCount * 1e9,7:0} ns/query  {queryCount / queryS,12:0} queries/s  ({queryCpuS * 1e3:0.0} ms of process CPU; checksum {checksum}; {checkCount} agree with brute force)"));

        var devices = Enumerable.Range(0, siteCount).Select(i => new PlaceDevice(i, $"d{i}", i % 10 == 0 ? "camera" : "phone")).ToArray();
        var weights = new[] { new PlaceWeight("camera", 5, "weights.camera"), new PlaceWeight("phone", 1, "weights.phone") };
        var deviceSites = sites.Select(projection.Unproject).ToArray();
        PlaceWorkloadSpec Spec(string mode) => new(mode, "bench", "workload.places", mode == PlaceModes.Weighted ? weights : [], Trace: trace, Sites: PlaceModes.SitesExplicit);
        var located = devices.Select(d => d with { Location = deviceSites[d.Index] }).ToArray();
        foreach (var mode in PlaceModes.Known)
        {
            // Warm-up per strategy (same reason as above), then a fresh one from the same seed.
            var warmStrategy = PlaceAssignments.Build(Spec(mode), located, new RandomStreams(1), startHour: 0);
            for (int i = 0; i < 100_000; i++) warmStrategy.DeviceFor(i);
            watch.Restart();
            var strategy = PlaceAssignments.Build(Spec(mode), located, new RandomStreams(1), startHour: 0);
            double setupS = watch.Elapsed.TotalSeconds;
            watch.Restart();
            long sum = 0;
            for (int i = 0; i < queryCount; i++) sum += strategy.DeviceFor(i * 86400.0 / queryCount);
            double drawS = watch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(inv, $"{mode,-9} setup {setupS * 1e3,7:0.0} ms  draws {drawS * 1e3,8:0.0} ms  {drawS / queryCount * 1e9,7:0} ns/request  (checksum {sum})"));
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
