namespace T2CSim.Hardware.Profiling;

using System.Diagnostics;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Runtime;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Times every position and every exit head of a network on its own, batch size 1, as the thesis
/// built its lookup tables: warm-up runs, then the mean of <c>runs</c> timed runs.
///
/// Runs are interleaved in rounds (each round times every piece once) rather than piece by piece, so
/// load from other processes on a shared machine, and throttling pauses under a CPU quota, spread
/// over all pieces in proportion to their running time instead of hitting a few of them. Each piece
/// reads a fixed input computed once by the network itself.
/// </summary>
public static class LayerProfiler
{
    public static IReadOnlyList<PieceTiming> Measure(MultiTaskNetwork network, int runs, int warmup, int frameSeed = 1)
    {
        if (runs < 1) throw new ArgumentOutOfRangeException(nameof(runs), "at least one timed run");
        if (warmup < 0) throw new ArgumentOutOfRangeException(nameof(warmup));
        TorchRuntime.Configure();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();

        var pieces = new List<(PieceTiming Info, Func<Tensor> Run)>();
        var input = SensorFrame.ToInput(SensorFrame.Synthetic(frameSeed));

        // The stem once; its outputs feed the stem pieces and every task's branch and early exits.
        var stemOutputs = new List<Tensor> { input };
        for (int k = 1; k <= network.StemDepth; k++)
        {
            int position = k;
            var source = stemOutputs[k - 1];
            stemOutputs.Add(network.RunPositions(null, k, k, source));
            pieces.Add((Row("stem", "", position, network.Path(network.Tasks[0])[k - 1].Name, stemOutputs[k]),
                        () => network.RunPositions(null, position, position, source)));
        }
        foreach (var task in network.Tasks)
        {
            var outputs = new List<Tensor>(stemOutputs);
            var path = network.Path(task);
            for (int k = network.StemDepth + 1; k <= path.Count; k++)
            {
                int position = k;
                var source = outputs[k - 1];
                outputs.Add(network.RunPositions(task, k, k, source));
                pieces.Add((Row("branch", task, position, path[k - 1].Name, outputs[k]),
                            () => network.RunPositions(task, position, position, source)));
            }
            foreach (var exit in network.Exits(task))
            {
                var source = outputs[exit.After];
                int index = exit.Index;
                using var scores = network.RunExit(task, index, source);
                pieces.Add((Row("exit", task, exit.After, exit.Name, scores) with { Accuracy = exit.Accuracy },
                            () => network.RunExit(task, index, source)));
            }
        }

        for (int w = 0; w < warmup; w++)
            foreach (var piece in pieces) piece.Run().Dispose();

        var ticks = new long[pieces.Count];
        var clock = new Stopwatch();
        for (int r = 0; r < runs; r++)
            for (int i = 0; i < pieces.Count; i++)
            {
                clock.Restart();
                var output = pieces[i].Run();
                clock.Stop();
                ticks[i] += clock.ElapsedTicks;
                output.Dispose();
            }

        return pieces.Select((p, i) => p.Info with { MeanMs = ticks[i] * 1000.0 / Stopwatch.Frequency / runs }).ToArray();
    }

    private static PieceTiming Row(string kind, string task, int position, string name, Tensor output) =>
        new(kind, task, position, name, output.numel() * sizeof(float), 0, double.NaN);
}
