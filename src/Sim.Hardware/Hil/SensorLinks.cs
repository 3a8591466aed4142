namespace T2CSim.Hardware.Hil;

using T2CSim.Hardware.Transport;

/// <summary>
/// The sensor links of a hardware run, as the scenario says, so that the testbed has the simulator's
/// physics (SimulatedContinuum.Link): one shaped link per model, each sensor with its own link into
/// the device (the thesis's cameras in different places, the default), or one link that every model's
/// frames share (topology.shared_sensor_link). A single shaper for every model made two models' frames
/// queue behind each other on the testbed while the simulator sent them side by side: link 0 took
/// 39-40 ms on the testbed against 21.3 ms modelled (docs/validation.md).
/// </summary>
public sealed class SensorLinks : IDisposable
{
    private readonly Func<string, LinkShaper> _open;
    private readonly bool _shared;
    private readonly Dictionary<string, LinkShaper> _links = new(StringComparer.Ordinal);
    private double? _rateBps;

    /// <param name="shared">One link for every model.</param>
    /// <param name="open">Opens one shaped link (named for the model it carries, or "shared").</param>
    public SensorLinks(bool shared, Func<string, LinkShaper> open)
    {
        _shared = shared;
        _open = open;
    }

    /// <summary>The link that carries this model's frames (opened on first use, at the current rate).</summary>
    public LinkShaper For(string model)
    {
        string key = _shared ? "shared" : model;
        if (!_links.TryGetValue(key, out var link))
        {
            _links[key] = link = _open(key);
            if (_rateBps is { } rate) link.RateBps = rate;
        }
        return link;
    }

    /// <summary>
    /// What the sensor links measure, reported as one reading as the simulator does: the mean over the
    /// models' links (the one link when shared).
    /// </summary>
    public double ThroughputBps() => _links.Count == 0 ? 0 : _links.Values.Average(l => l.ThroughputBps());

    /// <summary>Bytes sent over every sensor link.</summary>
    public long BytesSent => _links.Values.Sum(l => l.BytesSent);

    /// <summary>A link event on link 0 reaches every sensor link, and the ones opened later.</summary>
    public double RateBps
    {
        set
        {
            _rateBps = value;
            foreach (var link in _links.Values) link.RateBps = value;
        }
    }

    public void Dispose()
    {
        foreach (var link in _links.Values) link.Dispose();
        _links.Clear();
    }
}
