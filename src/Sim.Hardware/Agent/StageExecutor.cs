namespace T2CSim.Hardware.Agent;

using T2CSim.Core.Domain;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Transport;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>What one tier's stage of a job produced: results of the tasks that exit here, the job to forward, and whether it computed at all.</summary>
public sealed record StageOutput(IReadOnlyList<(int Slot, WireTensor Scores)> Results, JobMessage? Forward, bool Computed);

/// <summary>
/// Runs one job's stage on one tier with real tensors, as the job's <see cref="StagePlan"/> (Sim.Core)
/// says, the same plan the simulator times and the predictor sums: the tier's stem positions once
/// for all the job's tasks (an exit head reading a stem position runs right after it), then each
/// task's branch positions and its exit head when the task exits on this tier. What continues over
/// the next link is what the plan says crosses it: one stem tensor while the cut is in the stem, else
/// each continuing task's own branch output. A tier with nothing to run forwards what it got
/// unchanged (a cut of 0 forwards the raw frame).
/// </summary>
public static class StageExecutor
{
    public static StageOutput Run(MultiTaskNetwork network, int tier, JobMessage job)
    {
        if (tier > job.Cuts.Length) throw new WireFormatException($"job {job.JobId}: tier {tier} is past the chain of {job.Cuts.Length + 1} tiers");
        var cuts = new PartitionPoints(job.Cuts);
        int first = cuts.Start(tier), last = cuts.End(tier);
        if (job.Position != first - 1) throw new WireFormatException($"job {job.JobId}: tensors at position {job.Position}, tier {tier} starts after {first - 1}");
        int stem = network.StemDepth;

        // Resolve each task's exit on this network; a name or index it lacks is a bad message.
        var exits = new ExitInfo[job.Tasks.Length];
        for (int s = 0; s < exits.Length; s++)
        {
            var (task, index) = job.Tasks[s];
            if (!network.Tasks.Contains(task)) throw new WireFormatException($"job {job.JobId}: model {network.Architecture.Name} has no task {task}");
            var all = network.Exits(task);
            if (index >= all.Count) throw new WireFormatException($"job {job.JobId}: task {task} has exits 0..{all.Count - 1}, not {index}");
            exits[s] = all[index];
        }
        int deepest = exits.Max(e => e.After);
        if (job.Position >= deepest) throw new WireFormatException($"job {job.JobId}: every task exits before position {job.Position}");

        var plan = new StagePlan(cuts, stem, exits.Select(e => e.After).ToArray());
        var stage = plan.Stage(tier);
        var results = new List<(int, WireTensor)>();
        bool computed = false;
        using var scope = torch.NewDisposeScope();

        // Inputs: one shared tensor while in the stem, else one per continuing task.
        WireTensor? stemWire = null;
        var branchWire = new Dictionary<string, WireTensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in job.Tensors)
            if (key.Length == 0) stemWire = tensor;
            else branchWire[key] = tensor;
        if (job.Position <= stem && stemWire is null) throw new WireFormatException($"job {job.JobId}: no stem tensor at position {job.Position}");

        Tensor? stemX = null;
        Tensor StemInput() => stemX ??= TensorConversion.ToTorch(stemWire!);

        for (int p = stage.StemFrom; p <= stage.StemTo; p++)
        {
            stemX = network.RunPositions(null, p, p, StemInput());
            computed = true;
            foreach (int s in plan.StemExitsAfter(p))
                results.Add((s, TensorConversion.ToWire(network.RunExit(exits[s].Task, exits[s].Index, stemX))));
        }

        var branchOut = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var branch in stage.Branches)
        {
            var e = exits[branch.Slot];
            if (!branchOut.TryGetValue(e.Task, out var x))
                x = job.Position <= stem ? StemInput()
                    : branchWire.TryGetValue(e.Task, out var w) ? TensorConversion.ToTorch(w) : throw new WireFormatException($"job {job.JobId}: no tensor for task {e.Task}");
            if (branch.From <= branch.To)
            {
                x = network.RunPositions(e.Task, branch.From, branch.To, x);
                computed = true;
            }
            branchOut[e.Task] = x;
            if (branch.ExitsHere)
            {
                results.Add((branch.Slot, TensorConversion.ToWire(network.RunExit(e.Task, e.Index, x))));
                computed = true;
            }
        }

        JobMessage? forward = null;
        int next = tier + 1;
        var continuing = plan.Continuing(next).ToList();
        if (continuing.Count > 0)
        {
            (string, WireTensor)[] tensors;
            if (plan.SharesStemTensor(next))
                tensors = [("", stemX is null ? stemWire! : TensorConversion.ToWire(stemX))];
            else
                tensors = continuing.Select(s => exits[s].Task).Distinct()
                    .Select(t => (t, branchOut.TryGetValue(t, out var x) ? TensorConversion.ToWire(x)
                        : branchWire.TryGetValue(t, out var w) ? w : throw new WireFormatException($"job {job.JobId}: no tensor for task {t}")))
                    .ToArray();
            forward = job with { Position = last, Tensors = tensors };
        }
        return new StageOutput(results, forward, computed);
    }
}
