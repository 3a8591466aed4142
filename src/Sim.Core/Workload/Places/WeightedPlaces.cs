namespace T2CSim.Core.Workload.Places;

using T2CSim.Core.Randomness;

/// <summary>
/// `weighted`: each request to device i with probability w_i / Σw. A binary search over cumulative
/// weights (not RandomStream.Choose's linear walk): 10,000 devices × a million requests must stay cheap.
/// A zero-weight device is never drawn.
/// </summary>
public sealed class WeightedPlaces : IPlaceAssignment
{
    private readonly double[] _cumulative;
    private readonly RandomStream _random;

    public WeightedPlaces(IReadOnlyList<double> weights, RandomStream random)
    {
        _cumulative = new double[weights.Count];
        double total = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            if (!double.IsFinite(weights[i]) || weights[i] < 0) throw new ArgumentException($"weight {weights[i]} of device {i} is not a non-negative number");
            total += weights[i];
            _cumulative[i] = total;
        }
        if (!(total > 0)) throw new ArgumentException("every device weight is zero");
        _random = random;
    }

    public string Mode => PlaceModes.Weighted;

    public int DeviceFor(double arrivalS)
    {
        double r = _random.NextDouble() * _cumulative[^1];
        // First i with cumulative[i] > r: cumulative rises only at positive weights, so i has one.
        int lo = 0, hi = _cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_cumulative[mid] > r) hi = mid; else lo = mid + 1;
        }
        return lo;
    }
}
