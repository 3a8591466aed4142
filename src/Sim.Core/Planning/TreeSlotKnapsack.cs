namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// T2C_OPT's exact program when the instances sit on several devices (docs/topology.md, "Planners on a
/// graph"): SlotKnapsack's dynamic program with the state over the remaining slots of the nodes of the
/// union of the instances' paths, each node counted once for every path through it (a shared edge or
/// cloud). V_i(s) = best of skipping instance i or giving it any frontier configuration whose nodes
/// (its tiers mapped through its path) all have a slot in s, plus V_{i+1}(s minus those slots); values
/// compare as (served, then lower latency sum), ties to the lower tier mask as in SlotKnapsack. A node
/// with at least as many free slots as instances that could use it never runs out and is left out of
/// the state; the others keep min(free, users) + 1 values. Larger instances are refused in one line
/// naming the limit (SlotKnapsack.MaxCells) rather than approximated.
/// </summary>
internal static class TreeSlotKnapsack
{
    /// <summary>The chosen tier mask per frontier (0: not deployed); `paths[i]` is frontier i's device path, `free` the free slots per node.</summary>
    public static int[] Solve(IReadOnlyList<ConfigurationFrontier> frontiers, IReadOnlyList<NodePath> paths, ReadOnlySpan<int> free, int tiers, string algorithm)
    {
        if (tiers > 8) throw new UserInputException(null, $"algorithm {algorithm}", $"supports at most 8 tiers, got {tiers}");
        int n = frontiers.Count;
        // Users per node: instances with some configuration on a tier their path maps to it.
        var users = new Dictionary<int, int>();
        var order = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int used = 0;
            var byMask = frontiers[i].ByMask;
            for (int m = 1; m < byMask.Length; m++)
                if (byMask[m] is not null) used |= m;
            for (int k = 0; k < tiers; k++)
            {
                if ((used >> k & 1) == 0) continue;
                int node = paths[i].Nodes[k];
                if (!users.TryGetValue(node, out int u)) order.Add(node);
                users[node] = u + 1;
            }
        }
        // The state's digits: one per node that can run out, in order of first use.
        var constrained = new List<int>();
        var digitOf = new Dictionary<int, int>();
        foreach (int node in order)
            if (free[node] < users[node])
            {
                digitOf[node] = constrained.Count;
                constrained.Add(node);
            }
        int digits = constrained.Count;
        var dim = new int[digits];
        var stride = new long[digits];
        long states = 1;
        for (int d = 0; d < digits; d++)
        {
            dim[d] = free[constrained[d]] + 1;
            stride[d] = states;
            states *= dim[d];
            if (states * n > SlotKnapsack.MaxCells) break;
        }
        if (states * n > SlotKnapsack.MaxCells)
            throw new UserInputException(null, $"algorithm {algorithm}",
                $"instance too large for the exact planner: {n} instances on {paths.Select(p => p.Device).Distinct().Count()} devices need more than {SlotKnapsack.MaxCells} (instances x slot states of {digits} shared nodes); use a greedy algorithm (docs/topology.md)");
        int s = (int)states;

        // Per instance: the digit of each tier's node (-1: never runs out), and what each mask takes.
        var digitAt = new int[n][];
        var delta = new int[n][];
        for (int i = 0; i < n; i++)
        {
            digitAt[i] = new int[tiers];
            for (int k = 0; k < tiers; k++) digitAt[i][k] = digitOf.TryGetValue(paths[i].Nodes[k], out int d) ? d : -1;
            delta[i] = new int[1 << tiers];
            for (int m = 0; m < delta[i].Length; m++)
                for (int k = 0; k < tiers; k++)
                    if ((m >> k & 1) != 0 && digitAt[i][k] >= 0) delta[i][m] += (int)stride[digitAt[i][k]];
        }
        // Per state: which digits still have a slot (a bit per constrained node; at most 26 fit in MaxCells).
        var left = new long[s];
        for (int state = 0; state < s; state++)
        {
            long bits = 0;
            for (int d = 0; d < digits; d++)
                if ((state / stride[d]) % dim[d] >= 1) bits |= 1L << d;
            left[state] = bits;
        }

        var choice = new byte[(long)n * s];
        var nextServed = new int[s];
        var nextLatency = new double[s];
        var served = new int[s];
        var latency = new double[s];
        for (int i = n - 1; i >= 0; i--)
        {
            var byMask = frontiers[i].ByMask;
            var at = digitAt[i];
            var take = delta[i];
            long row = (long)i * s;
            for (int state = 0; state < s; state++)
            {
                int avail = 0;
                for (int k = 0; k < tiers; k++)
                    if (at[k] < 0 || (left[state] >> at[k] & 1) != 0) avail |= 1 << k;
                int bestMask = SlotKnapsack.BestMask(byMask, avail, state, take, nextServed, nextLatency, out int bestServed, out double bestLatency);
                served[state] = bestServed;
                latency[state] = bestLatency;
                choice[row + state] = (byte)bestMask;
            }
            (served, nextServed) = (nextServed, served);
            (latency, nextLatency) = (nextLatency, latency);
        }

        var chosen = new int[n];
        int current = 0;
        for (int d = 0; d < digits; d++) current += (dim[d] - 1) * (int)stride[d];
        for (int i = 0; i < n; i++)
        {
            chosen[i] = choice[(long)i * s + current];
            current -= delta[i][chosen[i]];
        }
        return chosen;
    }
}
