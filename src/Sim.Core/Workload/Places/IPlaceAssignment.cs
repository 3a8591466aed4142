namespace T2CSim.Core.Workload.Places;

/// <summary>
/// Which device a request is for. Called once per request in arrival order; draws only from the
/// stream it was built with (RequestGenerator-style: its own purpose, "workload:places"), so it
/// never moves an arrival or a requirement. Returns a device index in declaration order.
/// </summary>
public interface IPlaceAssignment
{
    /// <summary>The `workload.places.mode` it implements.</summary>
    string Mode { get; }

    int DeviceFor(double arrivalS);
}
