namespace T2CSim.Hardware.Agent;

using T2CSim.Hardware.Models;

/// <summary>
/// One network per model on an agent, built on first Deploy from the ModelZoo architecture and the
/// fixed seed: the weights are identical in every process, so partitions fit together.
/// </summary>
public sealed class NetworkCache : IDisposable
{
    private readonly Dictionary<string, MultiTaskNetwork> _networks = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>
    /// The model's network, built on first use. `warm` runs one whole inference on a new network: the
    /// first forward pass allocates and selects kernels, which belongs to the deployment (the
    /// container launch of the thesis), not to the first request's latency.
    /// </summary>
    public MultiTaskNetwork Get(string model, bool warm = false)
    {
        lock (_gate)
        {
            if (_networks.TryGetValue(model, out var n)) return n;
            if (!ModelZoo.TryGet(model, out var architecture))
                throw new ArgumentException($"unknown model {model} (models: {string.Join(", ", ModelZoo.Names)})");
            n = new MultiTaskNetwork(architecture);
            if (warm)
            {
                using var scope = TorchSharp.torch.NewDisposeScope();
                n.Forward(SensorFrame.ToInput(SensorFrame.Synthetic(0)));
            }
            _networks[model] = n;
            return n;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var n in _networks.Values) n.Dispose();
            _networks.Clear();
        }
    }
}
