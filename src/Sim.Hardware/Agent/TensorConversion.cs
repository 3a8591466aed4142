namespace T2CSim.Hardware.Agent;

using T2CSim.Hardware.Models;
using T2CSim.Hardware.Transport;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>Between wire tensors and torch tensors: the raw frame (uint8) becomes the network input.</summary>
public static class TensorConversion
{
    public static Tensor ToTorch(WireTensor t)
    {
        if (t.DType == WireDType.UInt8)
        {
            if (t.Shape is not [1, 1, SensorFrame.Side, SensorFrame.Side])
                throw new WireFormatException($"a raw frame has shape [1,1,{SensorFrame.Side},{SensorFrame.Side}], got [{string.Join(",", t.Shape)}]");
            return SensorFrame.ToInput(t.Data);
        }
        return torch.tensor(t.ToFloats(), t.Shape);
    }

    public static WireTensor ToWire(Tensor t)
    {
        using var c = t.contiguous();
        return WireTensor.FromFloats(c.data<float>().ToArray(), c.shape);
    }

    public static WireTensor Frame(byte[] frame) => new(WireDType.UInt8, [1, 1, SensorFrame.Side, SensorFrame.Side], frame);
}
