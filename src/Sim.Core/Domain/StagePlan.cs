namespace T2CSim.Core.Domain;

/// <summary>
/// What each tier of a partition does for one job, and what crosses each link: the one place where
/// "what runs on which tier" is written. The simulator (its stage work and bytes), the predictor's
/// breakdown, the controller's load accounting and the agents' real tensors all read it.
///
/// A job is several tasks of one multi-task model (one slot each), each stopping at an exit that
/// reads position After. On tier k (positions Start(k)..End(k) of the partition points) the story
/// is: the shared stem positions once for all slots, up to the deepest exit (an exit head reading a
/// stem position runs right after it); then each slot whose exit lies past the stem runs its own
/// branch positions on this tier, and its exit head when the exit falls on this tier. What continues
/// over the link after tier k is cut after End(k): one stem tensor shared by every slot still going
/// while the cut is in the stem, else each continuing slot's own branch output. The raw input
/// always crosses link 0 (the sensor link).
/// </summary>
public sealed class StagePlan
{
    private readonly int[] _exitAfter;

    /// <param name="exitAfter">Per slot: the position its exit reads (1-based).</param>
    public StagePlan(PartitionPoints cuts, int stemDepth, IReadOnlyList<int> exitAfter)
    {
        if (exitAfter.Count == 0) throw new ArgumentException("a stage plan needs at least one task");
        Cuts = cuts;
        StemDepth = stemDepth;
        _exitAfter = exitAfter.ToArray();
        foreach (int after in _exitAfter)
        {
            DeepestExit = Math.Max(DeepestExit, after);
            LastTier = Math.Max(LastTier, cuts.TierOf(after));
        }
    }

    /// <summary>The plan of a job of `model` running `tasks` under `cuts`.</summary>
    public static StagePlan Of(ModelSpec model, IReadOnlyList<(TaskSpec Task, ExitSpec Exit)> tasks, PartitionPoints cuts)
    {
        var after = new int[tasks.Count];
        for (int s = 0; s < after.Length; s++) after[s] = tasks[s].Exit.After;
        return new StagePlan(cuts, model.StemDepth, after);
    }

    public PartitionPoints Cuts { get; }
    public int StemDepth { get; }
    public int Slots => _exitAfter.Length;
    /// <summary>The deepest position any slot's exit reads: nothing past it runs.</summary>
    public int DeepestExit { get; }
    /// <summary>The last tier the job reaches: the one running its deepest exit.</summary>
    public int LastTier { get; }

    public int ExitAfter(int slot) => _exitAfter[slot];
    public int ExitTier(int slot) => Cuts.TierOf(_exitAfter[slot]);

    /// <summary>What tier `tier` runs for this job (empty past the last tier).</summary>
    public TierStage Stage(int tier)
    {
        int first = Cuts.Start(tier), last = Cuts.End(tier);
        int stemTo = Math.Min(Math.Min(last, StemDepth), DeepestExit);
        var branches = new List<BranchRun>();
        for (int slot = 0; slot < _exitAfter.Length; slot++)
        {
            int after = _exitAfter[slot];
            if (after <= StemDepth) continue;
            int from = Math.Max(first, StemDepth + 1), to = Math.Min(last, after);
            bool exitsHere = Cuts.TierOf(after) == tier;
            if (from <= to || exitsHere) branches.Add(new BranchRun(slot, from, to, exitsHere));
        }
        return new TierStage(tier, first, stemTo, branches);
    }

    /// <summary>
    /// The positions slot `slot`'s path runs on tier `tier`, stem and branch together (empty when
    /// To &lt; From): what a single task's latency sums per tier.
    /// </summary>
    public (int From, int To) Positions(int slot, int tier) => (Cuts.Start(tier), Math.Min(Cuts.End(tier), _exitAfter[slot]));

    /// <summary>Slots whose stem exit head runs right after stem position `position`, in slot order.</summary>
    public IEnumerable<int> StemExitsAfter(int position)
    {
        for (int slot = 0; slot < _exitAfter.Length; slot++)
            if (_exitAfter[slot] == position) yield return slot;
    }

    /// <summary>The position after which the data crossing link `link` is cut (0 on the sensor link: the raw input).</summary>
    public int CutBefore(int link) => link == 0 ? 0 : Cuts.End(link - 1);

    /// <summary>The slots whose data crosses link `link` (their exit lies past the cut), in slot order.</summary>
    public IEnumerable<int> Continuing(int link)
    {
        int cut = CutBefore(link);
        for (int slot = 0; slot < _exitAfter.Length; slot++)
            if (_exitAfter[slot] > cut) yield return slot;
    }

    /// <summary>True when link `link` carries one stem tensor shared by every continuing slot (the cut is in the stem).</summary>
    public bool SharesStemTensor(int link) => CutBefore(link) <= StemDepth;

    /// <summary>
    /// Bytes the predictor counts crossing link `link` for this job (tensor bytes; the raw input on
    /// the sensor link): one stem tensor while the cut is in the stem, else the sum of each continuing
    /// slot's branch output; 0 when nothing continues.
    /// </summary>
    public long BytesCrossing(ModelSpec model, IReadOnlyList<(TaskSpec Task, ExitSpec Exit)> tasks, int link)
    {
        if (link == 0) return model.InputBytes;
        int cut = CutBefore(link);
        long bytes = 0;
        foreach (int slot in Continuing(link))
        {
            long b = OutputBytes(model, tasks[slot].Task, cut);
            if (cut <= StemDepth) return b;
            bytes += b;
        }
        return bytes;
    }

    /// <summary>Bytes that cross a cut made after `position` (0: the raw input).</summary>
    public static long OutputBytes(ModelSpec model, TaskSpec task, int position) =>
        position == 0 ? model.InputBytes : task.Path[position - 1].OutputBytes;

    /// <summary>
    /// The lookup-table work of tier `tier`'s stage in run order (what the simulator times and the
    /// scaling factors compare against).
    /// </summary>
    public StageWork Work(IReadOnlyList<(TaskSpec Task, ExitSpec Exit)> tasks, int tier)
    {
        var stage = Stage(tier);
        var steps = new List<StageWork.Step>();
        double total = 0;
        void Add(double s, int done)
        {
            steps.Add(new StageWork.Step(s, done));
            total += s;
        }
        var stemTask = tasks[0].Task;
        for (int p = stage.StemFrom; p <= stage.StemTo; p++)
        {
            Add(stemTask.Path[p - 1].LatencyS[tier], -1);
            foreach (int slot in StemExitsAfter(p)) Add(tasks[slot].Exit.LatencyS[tier], slot);
        }
        foreach (var branch in stage.Branches)
        {
            var (task, exit) = tasks[branch.Slot];
            for (int p = branch.From; p <= branch.To; p++) Add(task.Path[p - 1].LatencyS[tier], -1);
            if (branch.ExitsHere) Add(exit.LatencyS[tier], branch.Slot);
        }
        return new StageWork(steps, total);
    }
}
