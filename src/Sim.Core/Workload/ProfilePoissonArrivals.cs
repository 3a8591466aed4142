namespace T2CSim.Core.Workload;

using T2CSim.Core.Randomness;

/// <summary>
/// The thesis's arrivals: a non-homogeneous Poisson process whose rate is piecewise constant per hour
/// of the 311 profile (times the multiplier), generated exactly by inverting the integrated rate
/// (unit-rate exponential gaps in "expected arrivals", spent across hour boundaries).
/// </summary>
public sealed class ProfilePoissonArrivals : IArrivalProcess
{
    public const string ProcessName = "profile-poisson";

    public static ProfilePoissonArrivals Instance { get; } = new();

    public string Name => ProcessName;

    public IEnumerable<double> ArrivalTimes(WorkloadSpec workload, RandomStream random, double durationS)
    {
        double need = random.Exponential(1.0);
        foreach (var (start, end, rate) in workload.Segments(0, durationS))
        {
            if (rate <= 0) continue;
            double t = start;
            while (true)
            {
                double arrival = t + need / rate;
                if (arrival >= end)
                {
                    // Carry the unspent part of the gap into the next hour (never below 0 to rounding).
                    need = Math.Max(0, need - rate * (end - t));
                    break;
                }
                yield return arrival;
                t = arrival;
                need = random.Exponential(1.0);
            }
        }
    }
}
