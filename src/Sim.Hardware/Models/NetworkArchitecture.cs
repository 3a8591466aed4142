namespace T2CSim.Hardware.Models;

/// <summary>One stem block: Convs x (3x3 conv, batch-norm, ReLU) with Filters channels, then 2x2 max-pooling.</summary>
public sealed record BlockSpec(int Filters, int Convs = 1);

/// <summary>
/// One task of a multi-task network: its fully connected branch (one FC layer + ReLU per entry of
/// BranchWidths, each a backbone position) and its classifier, the final exit head.
/// </summary>
/// <param name="FinalAccuracy">Accuracy of the final exit, 0..1 (literature figure, docs/models.md).</param>
public sealed record TaskArchitecture(string Name, int Classes, IReadOnlyList<int> BranchWidths, double FinalAccuracy);

/// <summary>
/// The shape of a BKNet-style multi-task early-exit network: a shared convolutional stem on a
/// 48x48 grey frame, a fully connected branch per task, and BranchyNet exits after stem blocks.
/// </summary>
/// <param name="EarlyExitsAfter">Stem positions (1-based) after which every task gets an early exit head.</param>
/// <param name="ExitFilters">Channels of the 3x3 convolution in each early exit head.</param>
public sealed record NetworkArchitecture(
    string Name,
    IReadOnlyList<BlockSpec> Blocks,
    IReadOnlyList<TaskArchitecture> Tasks,
    IReadOnlyList<int> EarlyExitsAfter,
    int ExitFilters = 16)
{
    /// <summary>Side of the square grey input frame, in pixels.</summary>
    public const int InputSide = 48;

    public int StemDepth => Blocks.Count;

    /// <summary>Checks the shape once, so a bad architecture fails with its name rather than deep in libtorch.</summary>
    public void Validate()
    {
        if (Blocks.Count == 0) throw new ArgumentException($"{Name}: no stem block");
        if (InputSide >> Blocks.Count < 1) throw new ArgumentException($"{Name}: {Blocks.Count} poolings shrink a {InputSide}px frame to nothing");
        if (Tasks.Count == 0) throw new ArgumentException($"{Name}: no task");
        if (Tasks.Select(t => t.Name).Distinct().Count() != Tasks.Count) throw new ArgumentException($"{Name}: duplicate task names");
        foreach (var t in Tasks)
        {
            if (t.Classes < 2) throw new ArgumentException($"{Name}.{t.Name}: a classifier needs at least 2 classes");
            if (t.FinalAccuracy is <= 0 or > 1) throw new ArgumentException($"{Name}.{t.Name}: final accuracy {t.FinalAccuracy} outside (0, 1]");
        }
        int previous = 0;
        foreach (int after in EarlyExitsAfter)
        {
            if (after <= previous || after > Blocks.Count) throw new ArgumentException($"{Name}: early exits must sit after increasing stem positions within 1..{Blocks.Count}");
            previous = after;
        }
    }
}
