namespace T2CSim.Hardware.Models;

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// The raw sensor input: one 48x48 8-bit grey face crop (2304 bytes), the size that crosses the
/// sensor-to-device link. Networks see it as a float tensor [1, 1, 48, 48] scaled to 0..1.
/// </summary>
public static class SensorFrame
{
    public const int Side = NetworkArchitecture.InputSide;
    public const long Bytes = Side * Side;

    /// <summary>Converts a raw frame to the network input.</summary>
    public static Tensor ToInput(byte[] frame)
    {
        if (frame.Length != Bytes) throw new ArgumentException($"a sensor frame has {Bytes} bytes, got {frame.Length}");
        using var raw = torch.tensor(frame, new long[] { 1, 1, Side, Side });
        return raw.to_type(ScalarType.Float32).div_(255f);
    }

    /// <summary>A reproducible synthetic frame (no face data can be downloaded here; timing does not depend on content).</summary>
    public static byte[] Synthetic(int seed)
    {
        var frame = new byte[Bytes];
        new Random(seed).NextBytes(frame);
        return frame;
    }
}
