namespace T2CSim.Tests.Core.Planning;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;

/// <summary>
/// The optimum by exhaustive search, written from the problem statement and independent of
/// T2C_OPT's code: every instance × every partition × every exit-or-nothing per task, served counted
/// by scanning the requests; then every combination of one configuration (or none) per instance
/// within the slots. Per instance only the best count per set of occupied tiers is kept, which loses
/// nothing (two configurations on the same tiers are interchangeable in any plan).
/// </summary>
internal static class BruteForcePlanner
{
    public static int Optimum(PlanningContext context, bool multiTask)
    {
        var view = context.Predictor;
        int tiers = view.TierCount;
        var groups = context.Requests
            .GroupBy(r => multiTask ? r.Model : r.Model + "\n" + r.Task)
            .Select(g => BestByTiers(view, g.ToList(), tiers))
            .ToList();
        return Search(groups, 0, context.FreeSlots.ToArray());
    }

    private static Dictionary<int, int> BestByTiers(LatencyPredictorView view, List<Request> requests, int tiers)
    {
        var model = view.Catalog[requests[0].Model];
        var tasks = requests.Select(r => r.Task).Distinct().Select(model.Task).ToList();
        int depth = tasks.Max(t => t.Depth);
        var best = new Dictionary<int, int>();
        foreach (var cuts in PartitionPoints.All(tiers, depth))
            foreach (var choice in Choices(tasks))
            {
                int served = 0, mask = 0;
                for (int t = 0; t < tasks.Count; t++)
                {
                    if (choice[t] < 0) continue;
                    var exit = tasks[t].Exits[choice[t]];
                    double latency = view.Predict(model, tasks[t], exit, cuts);
                    served += requests.Count(r => r.Task == tasks[t].Name && exit.Accuracy >= r.MinAccuracy && latency <= r.MaxLatencyS);
                    for (int k = 0; k < tiers; k++)
                        if (cuts.Runs(k, exit.After)) mask |= 1 << k;
                }
                if (served > 0 && served > best.GetValueOrDefault(mask)) best[mask] = served;
            }
        return best;
    }

    /// <summary>Every vector of one exit index or -1 (not run) per task.</summary>
    private static IEnumerable<int[]> Choices(List<TaskSpec> tasks)
    {
        var choice = new int[tasks.Count];
        Array.Fill(choice, -1);
        while (true)
        {
            yield return (int[])choice.Clone();
            int t = 0;
            while (t < tasks.Count && ++choice[t] == tasks[t].Exits.Count) choice[t++] = -1;
            if (t == tasks.Count) yield break;
        }
    }

    private static int Search(List<Dictionary<int, int>> groups, int i, int[] free)
    {
        if (i == groups.Count) return 0;
        int best = Search(groups, i + 1, free);
        foreach (var (mask, served) in groups[i])
        {
            bool fits = true;
            for (int k = 0; k < free.Length; k++)
                if ((mask >> k & 1) != 0 && free[k] == 0) fits = false;
            if (!fits) continue;
            for (int k = 0; k < free.Length; k++) free[k] -= mask >> k & 1;
            best = Math.Max(best, served + Search(groups, i + 1, free));
            for (int k = 0; k < free.Length; k++) free[k] += mask >> k & 1;
        }
        return best;
    }
}
