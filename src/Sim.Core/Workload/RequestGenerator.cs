namespace T2CSim.Core.Workload;

using T2CSim.Core.Domain;
using T2CSim.Core.Randomness;

/// <summary>
/// Requests of a run: a non-homogeneous Poisson process whose rate is piecewise constant per hour
/// of the profile, generated exactly by inverting the integrated rate (unit-rate exponential gaps
/// in "expected arrivals", spent across hour boundaries). Each purpose draws from its own stream,
/// so changing the requirement distributions never moves an arrival, and vice versa.
/// </summary>
public sealed class RequestGenerator
{
    public const string ArrivalStream = "arrivals";
    public const string MixStream = "workload:mix";
    public const string AccuracyStream = "workload:accuracy";
    public const string LatencyStream = "workload:latency";

    private readonly WorkloadSpec _workload;
    private readonly RandomStream _arrivals, _mix, _accuracy, _latency;
    private readonly double[] _weights;

    public RequestGenerator(WorkloadSpec workload, RandomStreams streams)
    {
        if (workload.Mix.Count == 0) throw new ArgumentException("the workload mix is empty");
        _workload = workload;
        _arrivals = streams.Stream(ArrivalStream);
        _mix = streams.Stream(MixStream);
        _accuracy = streams.Stream(AccuracyStream);
        _latency = streams.Stream(LatencyStream);
        _weights = workload.Mix.Select(s => s.Weight).ToArray();
    }

    /// <summary>Every request arriving in [0, durationS), in arrival order, ids 0, 1, 2, ...</summary>
    public IEnumerable<Request> Generate(double durationS)
    {
        int id = 0;
        double need = _arrivals.Exponential(1.0);
        foreach (var (start, end, rate) in _workload.Segments(0, durationS))
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
                yield return Draw(id++, arrival);
                t = arrival;
                need = _arrivals.Exponential(1.0);
            }
        }
    }

    private Request Draw(int id, double arrivalS)
    {
        var share = _workload.Mix[_mix.Choose(_weights)];
        double accuracy = _workload.Accuracy.Sample(_accuracy);
        if (_workload.AccuracyRelativeToFinal) accuracy *= share.FinalAccuracy;
        return new Request(id, arrivalS, share.Model, share.Task, accuracy, _workload.LatencyS.Sample(_latency));
    }
}
