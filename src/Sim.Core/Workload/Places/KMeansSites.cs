namespace T2CSim.Core.Workload.Places;

using T2CSim.Core.Randomness;

/// <summary>Device sites derived from a trace, with how the derivation went.</summary>
/// <param name="Sites">Site i is device i's place.</param>
/// <param name="Requests">How many of the trace's located rows are nearest to each site.</param>
/// <param name="MeanDistanceKm">Mean distance from a located row to its nearest site.</param>
public sealed record DerivedSites(
    IReadOnlyList<GeoPoint> Sites,
    IReadOnlyList<int> Requests,
    EquirectangularProjection Projection,
    int Iterations,
    bool Converged,
    double MeanDistanceKm,
    long Seed);

/// <summary>
/// Places N devices where a trace's requests are: k-means on the projected coordinates (km), seeded
/// by k-means++ from a seeded stream, then Lloyd iterations up to a fixed cap (or until no row
/// changes site). Chosen over quantile grid cells because its sites follow the density in both
/// directions at once (a grid of row and column quantiles puts sites where a dense column crosses a
/// dense row, often in the sea or the hills) and it minimises the squared distance from a request
/// to its device, the quantity a "nearest device" workload cares about. Deterministic: one seed,
/// sums in row order, ties to the lowest site (NearestSiteIndex). An empty cluster keeps its centre.
/// </summary>
public static class KMeansSites
{
    public const int DefaultIterationCap = 100;
    public const long DefaultSeed = 1;

    public static DerivedSites Derive(IReadOnlyList<GeoPoint> points, int count, long seed = DefaultSeed, int iterationCap = DefaultIterationCap)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "at least one site");
        int distinct = points.Distinct().Count();
        if (count > distinct) throw new ArgumentException($"{count} sites asked for but the trace has only {distinct} distinct located places");
        var projection = EquirectangularProjection.AroundMeanOf(points);
        var plane = projection.Project(points);
        var centres = SeedPlusPlus(plane, count, new RandomStreams(seed).Stream("places:kmeans++"));

        var assignment = new int[plane.Length];
        Array.Fill(assignment, -1);
        int iterations = 0;
        bool converged = false;
        while (iterations < iterationCap)
        {
            iterations++;
            var index = new NearestSiteIndex(centres);
            bool changed = false;
            for (int i = 0; i < plane.Length; i++)
            {
                int c = index.Nearest(plane[i]);
                if (c != assignment[i]) { assignment[i] = c; changed = true; }
            }
            if (!changed) { converged = true; break; }
            var sumX = new double[count];
            var sumY = new double[count];
            var n = new int[count];
            for (int i = 0; i < plane.Length; i++)
            {
                sumX[assignment[i]] += plane[i].X;
                sumY[assignment[i]] += plane[i].Y;
                n[assignment[i]]++;
            }
            for (int c = 0; c < count; c++)
                if (n[c] > 0) centres[c] = new PlanePoint(sumX[c] / n[c], sumY[c] / n[c]);
        }

        // Final answer measured against the final centres (after a capped run they moved once more).
        var final = new NearestSiteIndex(centres);
        var requests = new int[count];
        double distance = 0;
        for (int i = 0; i < plane.Length; i++)
        {
            int c = final.Nearest(plane[i]);
            requests[c]++;
            distance += Math.Sqrt(plane[i].DistanceSquared(centres[c]));
        }
        var sites = centres.Select(projection.Unproject).ToArray();
        return new DerivedSites(sites, requests, projection, iterations, converged, distance / plane.Length, seed);
    }

    /// <summary>k-means++: the first centre uniformly, each next one with probability ∝ squared distance to the nearest centre so far.</summary>
    private static PlanePoint[] SeedPlusPlus(PlanePoint[] plane, int count, RandomStream random)
    {
        var centres = new PlanePoint[count];
        centres[0] = plane[random.NextInt(plane.Length)];
        var d2 = new double[plane.Length];
        for (int i = 0; i < plane.Length; i++) d2[i] = plane[i].DistanceSquared(centres[0]);
        for (int c = 1; c < count; c++)
        {
            double total = 0;
            foreach (var d in d2) total += d;
            // total > 0 while count <= distinct points (some point is not yet a centre); refuse rather than loop if projection merged two.
            if (!(total > 0)) throw new ArgumentException($"only {c} distinct projected places for {count} sites");
            double r = random.NextDouble() * total;
            int pick = -1;
            for (int i = 0; i < plane.Length; i++)
            {
                if (d2[i] <= 0) continue;
                pick = i;
                r -= d2[i];
                if (r < 0) break;
            }
            centres[c] = plane[pick];
            for (int i = 0; i < plane.Length; i++) d2[i] = Math.Min(d2[i], plane[i].DistanceSquared(centres[c]));
        }
        return centres;
    }
}
