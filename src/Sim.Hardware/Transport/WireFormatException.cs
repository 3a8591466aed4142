namespace T2CSim.Hardware.Transport;

/// <summary>
/// A frame that is not a valid T2C message: bad magic, wrong version, unknown kind, a length that
/// does not match, a field out of bounds, a tensor too large. Receivers catch it, log the reason
/// on one line and drop the frame; the sender is never trusted to be well-behaved.
/// </summary>
public sealed class WireFormatException(string reason) : Exception(reason)
{
    public string Reason => Message;
}
