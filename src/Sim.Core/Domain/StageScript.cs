namespace T2CSim.Core.Domain;

/// <summary>
/// A job's <see cref="StagePlan"/> worked out for every tier it reaches: the bytes crossing each link
/// (<see cref="StagePlan.BytesCrossing"/>) and each tier's stage work (<see cref="StagePlan.Work"/>).
/// Both depend only on the model, the job's tasks with their exits and the partition, so every job of
/// one shape can share one script (<see cref="StageScripts"/>): under overload every request is a job,
/// and working the plan out per job was an eighth of what a 10,000x run allocated, its plan and
/// step lists kept alive with every unfinished inference (docs/kernel.md, "Seventh pass").
/// </summary>
public sealed class StageScript
{
    private readonly long[] _bytesCrossing;
    private readonly StageWork[] _work;

    public StageScript(ModelSpec model, IReadOnlyList<(TaskSpec Task, ExitSpec Exit)> tasks, PartitionPoints cuts)
    {
        var plan = StagePlan.Of(model, tasks, cuts);
        LastTier = plan.LastTier;
        _bytesCrossing = new long[LastTier + 1];
        _work = new StageWork[LastTier + 1];
        for (int tier = 0; tier <= LastTier; tier++)
        {
            _bytesCrossing[tier] = plan.BytesCrossing(model, tasks, tier);
            var work = plan.Work(tasks, tier);
            _work[tier] = work with { Steps = work.Steps.ToArray() };
        }
    }

    /// <summary>The last tier the job reaches (<see cref="StagePlan.LastTier"/>).</summary>
    public int LastTier { get; }

    /// <summary>What crosses link `link` (0: the sensor link), for link 0 to LastTier.</summary>
    public long BytesCrossing(int link) => _bytesCrossing[link];

    /// <summary>What tier `tier` runs, for tier 0 to LastTier.</summary>
    public StageWork Work(int tier) => _work[tier];
}
