namespace T2CSim.Core.Domain;

/// <summary>
/// The lookup-table work of one job on one tier, in the order its <see cref="StagePlan"/> runs it.
/// </summary>
public readonly record struct StageWork(IReadOnlyList<StageWork.Step> Steps, double LookupS)
{
    /// <summary>Compute for `ComputeS` seconds (table value); then task `DoneSlot` has its result (-1: none).</summary>
    public readonly record struct Step(double ComputeS, int DoneSlot);

    public bool IsEmpty => Steps.Count == 0;
}
