namespace T2CSim.Hardware.Profiling;

using System.Diagnostics;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Runtime;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Times every position and every exit head of a network on its own, batch size 1, as the thesis
/// built its lookup tables: warm-up runs, then <c>runs</c> timed runs (100 by default).
///
/// A piece's latency is a trimmed mean of its runs (the fastest and slowest 20% dropped), not the
/// plain mean: on a dedicated machine (the thesis's testbed) the two agree within a few percent,
/// but on a shared one a run preempted by another process takes a whole scheduler slice
/// (milliseconds) longer, and a few such runs would double a 0.5 ms mean. The trimmed mean of whole
/// rounds (every piece once) is kept too: it measures a tier's slowdown under its quota.
///
/// Runs are interleaved in rounds (each round times every piece once) rather than piece by piece, so
/// load from other processes on a shared machine, and throttling pauses under a CPU quota, spread
/// over all pieces in proportion to their running time instead of hitting a few of them. Each piece
/// reads a fixed input computed once by the network itself.
/// </summary>
public static class LayerProfiler
{
    public static LayerProfile Measure(MultiTaskNetwork network, int runs, int warmup, int frameSeed = 1)
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

        var samples = new double[pieces.Count][];
        for (int i = 0; i < pieces.Count; i++) samples[i] = new double[runs];
        var rounds = new double[runs];
        var clock = new Stopwatch();
        for (int r = 0; r < runs; r++)
            for (int i = 0; i < pieces.Count; i++)
            {
                clock.Restart();
                var output = pieces[i].Run();
                clock.Stop();
                samples[i][r] = clock.Elapsed.TotalMilliseconds;
                rounds[r] += samples[i][r];
                output.Dispose();
            }

        var timings = pieces.Select((p, i) => p.Info with { LatencyMs = TrimmedMean(samples[i]) }).ToArray();
        return new LayerProfile(timings, TrimmedMean(rounds));
    }

    /// <summary>Mean of the middle values: the lowest and highest <see cref="TrimShare"/> of runs dropped.</summary>
    public static double TrimmedMean(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int drop = (int)(sorted.Length * TrimShare);
        return sorted.Skip(drop).Take(sorted.Length - 2 * drop).Average();
    }

    public const double TrimShare = 0.2;

    private static PieceTiming Row(string kind, string task, int position, string name, Tensor output) =>
        new(kind, task, position, name, output.numel() * sizeof(float), 0, double.NaN);
}
