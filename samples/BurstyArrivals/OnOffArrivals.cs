namespace T2CSim.Samples;

using T2CSim.Core.Randomness;
using T2CSim.Core.Workload;

/// <summary>
/// Bursty arrivals: an interrupted Poisson process. ON and OFF periods alternate with exponential
/// lengths (means OnS, OffS); requests arrive only while ON, at the profile's rate divided by the
/// duty cycle, so the mean rate (and so the meaning of the sweep's multipliers) is the profile's.
/// The rate is read at each arrival's start of gap (the profile changes hourly, bursts last seconds).
/// </summary>
public sealed class OnOffArrivals(double onS, double offS) : IArrivalProcess
{
    public string Name => "on-off";

    public IEnumerable<double> ArrivalTimes(WorkloadSpec workload, RandomStream random, double durationS)
    {
        double duty = onS / (onS + offS);
        double t = 0;
        while (t < durationS)
        {
            double onEnd = t + random.Exponential(1 / onS);
            while (true)
            {
                double rate = workload.RatePerSecond(t) / duty;
                if (rate <= 0) { t = onEnd; break; }
                double next = t + random.Exponential(rate);
                if (next >= onEnd) { t = onEnd; break; }   // memoryless: the gap restarts in the next ON period
                if (next >= durationS) yield break;
                yield return t = next;
            }
            t += random.Exponential(1 / offS);              // OFF: silence
        }
    }
}
