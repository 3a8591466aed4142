namespace T2CSim.Core.Workload.Places;

using T2CSim.Core.Randomness;

/// <summary>`uniform`: each request to one of the n devices with probability 1/n.</summary>
public sealed class UniformPlaces(int deviceCount, RandomStream random) : IPlaceAssignment
{
    private readonly int _count = deviceCount > 0 ? deviceCount : throw new ArgumentOutOfRangeException(nameof(deviceCount), "no device to assign requests to");

    public string Mode => PlaceModes.Uniform;

    public int DeviceFor(double arrivalS) => random.NextInt(_count);
}
