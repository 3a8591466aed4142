namespace T2CSim.Core.Workload;

using T2CSim.Core.Domain;
using T2CSim.Core.Randomness;

/// <summary>
/// Requests of a run: arrival times from the workload's arrival process (the thesis's: the 311
/// profile's Poisson process, ProfilePoissonArrivals), each given a (model, task) of the mix and its
/// requirements. Each purpose draws from its own stream, so changing the requirement distributions
/// never moves an arrival, and changing the arrival process never changes what the n-th request asks.
/// </summary>
public sealed class RequestGenerator
{
    public const string ArrivalStream = "arrivals";
    public const string MixStream = "workload:mix";
    public const string AccuracyStream = "workload:accuracy";
    public const string LatencyStream = "workload:latency";

    private readonly WorkloadSpec _workload;
    private readonly RandomStream _arrivals, _mix, _accuracy, _latency;
    private readonly RandomStream? _device;
    private readonly Places.IPlaceAssignment? _places;
    private readonly double[] _weights;

    public RequestGenerator(WorkloadSpec workload, RandomStreams streams)
    {
        if (workload.Mix.Count == 0) throw new ArgumentException("the workload mix is empty");
        _workload = workload;
        _arrivals = streams.Stream(ArrivalStream);
        _mix = streams.Stream(MixStream);
        _accuracy = streams.Stream(AccuracyStream);
        _latency = streams.Stream(LatencyStream);
        // workload.places draws from its own stream ("workload:places"), workload.devices from another.
        if (workload.Places is { } places && workload.Devices is { } devices)
            _places = Places.PlaceAssignments.Build(places, devices.PlaceDevices, streams, workload.StartHour);
        else if (workload.Devices is not null) _device = streams.Stream(DeviceChoice.Stream);
        _weights = workload.Mix.Select(s => s.Weight).ToArray();
    }

    /// <summary>Every request arriving in [0, durationS), in arrival order, ids 0, 1, 2, ...</summary>
    public IEnumerable<Request> Generate(double durationS)
    {
        int id = 0;
        foreach (double arrival in _workload.Arrivals.ArrivalTimes(_workload, _arrivals, durationS))
            yield return Draw(id++, arrival);
    }

    private Request Draw(int id, double arrivalS)
    {
        var share = _workload.Mix[_mix.Choose(_weights)];
        double accuracy = _workload.Accuracy.Sample(_accuracy);
        if (_workload.AccuracyRelativeToFinal) accuracy *= share.FinalAccuracy;
        double latency = _workload.LatencyS.Sample(_latency);
        // In a graph the request names its place: the instance of the model on the drawn device.
        string model = _places is not null ? _workload.Devices!.OnDevice(share.Model, _places.DeviceFor(arrivalS))
            : _workload.Devices is { } devices ? devices.Choose(share.Model, _device!) : share.Model;
        return new Request(id, arrivalS, model, share.Task, accuracy, latency);
    }
}
