namespace T2CSim.Core.Domain;

/// <summary>
/// One tier's part of a job: stem positions StemFrom..StemTo (empty when StemTo &lt; StemFrom; the
/// exits reading them come from <see cref="StagePlan.StemExitsAfter"/>), then each branch run in slot order.
/// </summary>
public sealed record TierStage(int Tier, int StemFrom, int StemTo, IReadOnlyList<BranchRun> Branches)
{
    public bool HasStem => StemFrom <= StemTo;
}

/// <summary>Slot `Slot`'s branch positions From..To on this tier (empty when To &lt; From), then its exit head when ExitsHere.</summary>
public readonly record struct BranchRun(int Slot, int From, int To, bool ExitsHere);
