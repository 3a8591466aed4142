namespace T2CSim.Core.Workload.Places;

using T2CSim.Core.Randomness;

/// <summary>
/// `weighted`: each request to device i with probability w_i / Σw, by Walker's alias method (Vose's
/// construction): one uniform slot and one uniform fraction per request, whatever the number of
/// devices (RandomStream.Choose walks the weights linearly; 10,000 devices × a million requests must
/// stay cheap). The table holds only the positive-weight devices, so a zero-weight device is never
/// drawn, not even through a rounding leftover. Built in index order: deterministic.
/// </summary>
public sealed class WeightedPlaces : IPlaceAssignment
{
    private readonly int[] _device;   // slot -> device (the positive-weight ones, in index order)
    private readonly double[] _keep;  // slot -> probability of keeping the slot's own device
    private readonly int[] _alias;    // slot -> device drawn otherwise
    private readonly RandomStream _random;

    public WeightedPlaces(IReadOnlyList<double> weights, RandomStream random)
    {
        double total = 0;
        var positive = new List<int>();
        for (int i = 0; i < weights.Count; i++)
        {
            if (!double.IsFinite(weights[i]) || weights[i] < 0) throw new ArgumentException($"weight {weights[i]} of device {i} is not a non-negative number");
            if (weights[i] > 0) { positive.Add(i); total += weights[i]; }
        }
        if (positive.Count == 0) throw new ArgumentException("every device weight is zero");
        int n = positive.Count;
        _device = positive.ToArray();
        _keep = new double[n];
        _alias = new int[n];
        // Scaled so the mean slot holds 1; slots below 1 are topped up from slots above.
        var scaled = positive.Select(i => weights[i] * n / total).ToArray();
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int s = n - 1; s >= 0; s--) (scaled[s] < 1 ? small : large).Push(s);
        while (small.Count > 0 && large.Count > 0)
        {
            int lo = small.Pop(), hi = large.Pop();
            _keep[lo] = scaled[lo];
            _alias[lo] = _device[hi];
            scaled[hi] -= 1 - scaled[lo];
            (scaled[hi] < 1 ? small : large).Push(hi);
        }
        // What remains is 1 up to rounding: those slots keep their own (positive-weight) device.
        foreach (var s in large.Concat(small))
        {
            _keep[s] = 1;
            _alias[s] = _device[s];
        }
        _random = random;
    }

    public string Mode => PlaceModes.Weighted;

    public int DeviceFor(double arrivalS)
    {
        int slot = _random.NextInt(_device.Length);
        return _random.NextDouble() < _keep[slot] ? _device[slot] : _alias[slot];
    }
}
