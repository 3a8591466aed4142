using System.Numerics;

namespace T2CSim.Core.Randomness;

/// <summary>
/// Independent random streams, one per purpose ("arrivals", "noise:edge", ...), all derived from one
/// run seed. A stream's numbers depend only on (seed, purpose), so drawing one more number in one
/// place never shifts any other stream: adding a feature keeps every other result reproducible.
/// </summary>
public sealed class RandomStreams
{
    private readonly ulong _seed;
    private readonly Dictionary<string, RandomStream> _streams = new(StringComparer.Ordinal);

    public RandomStreams(long seed) => _seed = unchecked((ulong)seed);

    public long Seed => unchecked((long)_seed);

    /// <summary>The stream for a purpose; the same object on every call with that purpose.</summary>
    public RandomStream Stream(string purpose)
    {
        if (!_streams.TryGetValue(purpose, out var s))
            _streams[purpose] = s = new RandomStream(Mix(_seed ^ Fnv1a(purpose)));
        return s;
    }

    /// <summary>
    /// The purpose of replication r's copy of an execution-only stream ("noise:edge" → "noise:edge#replication 2"):
    /// replications of a run share every other stream (the arrivals) and draw their execution apart. Replication 0
    /// is the purpose itself, so the plain run's numbers are unchanged.
    /// </summary>
    public static string Replicated(string purpose, int replication) =>
        replication == 0 ? purpose : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{purpose}#replication {replication}");

    // FNV-1a: a string hash that, unlike string.GetHashCode, is the same in every process.
    private static ulong Fnv1a(string text)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in text)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }

    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>
/// One stream: xoshiro256** seeded by SplitMix64 (fast, 2^256 period, well tested), with the
/// distributions the models need. Not thread-safe: each run owns its streams.
/// </summary>
public sealed class RandomStream
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal = double.NaN;

    public RandomStream(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x); _s1 = SplitMix(ref x); _s2 = SplitMix(ref x); _s3 = SplitMix(ref x);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return RandomStreams.Mix(x);
    }

    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), "n must be positive");
        return (int)((NextUInt64() >> 33) * (ulong)n >> 31);
    }

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Exponential with the given rate (mean 1/rate).</summary>
    public double Exponential(double rate)
    {
        if (!(rate > 0)) throw new ArgumentOutOfRangeException(nameof(rate), "rate must be positive");
        return -Math.Log(1.0 - NextDouble()) / rate;
    }

    /// <summary>Normal by the polar Box-Muller method (keeps the second value for the next call).</summary>
    public double Normal(double mean, double sd)
    {
        if (!double.IsNaN(_spareNormal))
        {
            double spare = _spareNormal;
            _spareNormal = double.NaN;
            return mean + sd * spare;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * f;
        return mean + sd * u * f;
    }

    /// <summary>Poisson count with mean lambda (Knuth for small means, normal approximation above 500).</summary>
    public int Poisson(double lambda)
    {
        if (lambda < 0) throw new ArgumentOutOfRangeException(nameof(lambda));
        if (lambda > 500) return Math.Max(0, (int)Math.Round(Normal(lambda, Math.Sqrt(lambda))));
        double l = Math.Exp(-lambda), p = 1;
        int k = 0;
        do { k++; p *= NextDouble(); } while (p > l);
        return k - 1;
    }

    /// <summary>Index drawn with probability proportional to weights.</summary>
    public int Choose(IReadOnlyList<double> weights)
    {
        double total = 0;
        for (int i = 0; i < weights.Count; i++) total += weights[i];
        double r = NextDouble() * total;
        for (int i = 0; i < weights.Count; i++)
        {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.Count - 1;
    }
}
