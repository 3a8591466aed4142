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
    private readonly AliasTable _table;
    private readonly RandomStream _random;

    public WeightedPlaces(IReadOnlyList<double> weights, RandomStream random)
    {
        _table = new AliasTable(weights);
        _random = random;
    }

    public string Mode => PlaceModes.Weighted;

    public int DeviceFor(double arrivalS) => _table.Draw(_random);
}
