namespace T2CSim.Hardware.Hil;

using T2CSim.Hardware.Transport;

/// <summary>
/// The sensor links of a hardware run, as the scenario says, so that the testbed has the simulator's
/// physics (SimulatedContinuum.Link): one shaped link per model, each sensor with its own link into
/// the device (the thesis's cameras in different places, the default), or one link that every model's
/// frames share (topology.shared_sensor_link). A single shaper for every model made two models' frames
/// queue behind each other on the testbed while the simulator sent them side by side: link 0 took
/// 39-40 ms on the testbed against 21.3 ms modelled (docs/validation.md).
/// On a tree each device has its own sensor link (a topology link index): a model instance's frames
/// enter at its device, and "shared" means shared by that device's instances.
/// </summary>
public sealed class SensorLinks : IDisposable
{
    private readonly Func<string, string, LinkShaper> _open;
    private readonly Func<string, int> _linkOf;
    private readonly bool _shared;
    private readonly Dictionary<string, (LinkShaper Shaper, int Link)> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<int, double> _rateBps = [];

    /// <param name="shared">One link for every model of a device.</param>
    /// <param name="open">Opens one shaped link (named for the model it carries, or "shared"; then the model whose frames open it).</param>
    /// <param name="linkOf">The topology's sensor link a model's frames cross (null: link 0 for every model, the chain).</param>
    public SensorLinks(bool shared, Func<string, string, LinkShaper> open, Func<string, int>? linkOf = null)
    {
        _shared = shared;
        _open = open;
        _linkOf = linkOf ?? (_ => 0);
        _tree = linkOf is not null;
    }

    private readonly bool _tree;

    /// <summary>The link that carries this model's frames (opened on first use, at the current rate).</summary>
    public LinkShaper For(string model)
    {
        int sensorLink = _linkOf(model);
        string key = !_shared ? model : _tree ? $"shared@{sensorLink}" : "shared";
        if (!_links.TryGetValue(key, out var link))
        {
            _links[key] = link = (_open(key, model), sensorLink);
            if (_rateBps.TryGetValue(sensorLink, out double rate)) link.Shaper.RateBps = rate;
        }
        return link.Shaper;
    }

    /// <summary>
    /// What sensor link `k` measures, reported as one reading as the simulator does: the mean over the
    /// links of the models whose frames cross it (the one link when shared).
    /// </summary>
    public double ThroughputBps(int k)
    {
        double sum = 0;
        int n = 0;
        foreach (var (shaper, link) in _links.Values)
            if (link == k) { sum += shaper.ThroughputBps(); n++; }
        return n == 0 ? 0 : sum / n;
    }

    /// <summary>Bytes sent over sensor link `k` (every model's link of it).</summary>
    public long BytesSentOver(int k) => _links.Values.Where(l => l.Link == k).Sum(l => l.Shaper.BytesSent);

    /// <summary>A link event on sensor link `k` reaches every model's link of it, and the ones opened later.</summary>
    public void SetRate(int k, double rateBps)
    {
        _rateBps[k] = rateBps;
        foreach (var (shaper, link) in _links.Values)
            if (link == k) shaper.RateBps = rateBps;
    }

    public void Dispose()
    {
        foreach (var link in _links.Values) link.Shaper.Dispose();
        _links.Clear();
    }
}
