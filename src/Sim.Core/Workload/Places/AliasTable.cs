namespace T2CSim.Core.Workload.Places;

using T2CSim.Core.Randomness;

/// <summary>
/// Walker's alias method: draws index i with probability weights[i] / sum in O(1) (one slot, one
/// coin), whatever the number of weights; zero weights are never drawn. Shared by the place
/// assignment (`workload.places`, WeightedPlaces) and the device choice (`workload.devices`, DeviceChoice).
/// </summary>
public sealed class AliasTable
{
    private readonly int[] _device;   // slot -> index (the positive-weight ones, in index order)
    private readonly double[] _keep;  // slot -> probability of keeping the slot's own index
    private readonly int[] _alias;    // slot -> index drawn otherwise

    public AliasTable(IReadOnlyList<double> weights)
    {
        double total = 0;
        var positive = new List<int>();
        for (int i = 0; i < weights.Count; i++)
        {
            if (!double.IsFinite(weights[i]) || weights[i] < 0) throw new ArgumentException($"weight {weights[i]} of index {i} is not a non-negative number");
            if (weights[i] > 0) { positive.Add(i); total += weights[i]; }
        }
        if (positive.Count == 0) throw new ArgumentException("every weight is zero");
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
    }

    public int Draw(RandomStream random)
    {
        int slot = random.NextInt(_device.Length);
        return random.NextDouble() < _keep[slot] ? _device[slot] : _alias[slot];
    }
}
