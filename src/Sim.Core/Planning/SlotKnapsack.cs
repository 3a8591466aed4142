namespace T2CSim.Core.Planning;

/// <summary>
/// Exact dynamic program over instances × remaining slots: V_i(s) = best of skipping instance i or
/// giving it any frontier configuration whose tiers all have a slot in s, plus V_{i+1}(s minus those
/// slots). Values compare as (served, then lower latency sum). A tier with at least as many free slots
/// as instances that could use it can never run out, so it is left out of the state; the others keep
/// min(free, users) + 1 values. Each instance takes at most one slot per tier.
/// </summary>
internal static class SlotKnapsack
{
    /// <summary>Largest instances × states table the DP builds (bytes of choice memory).</summary>
    public const long MaxCells = 64_000_000;

    /// <summary>The chosen mask per frontier (0: not deployed).</summary>
    public static int[] Solve(IReadOnlyList<ConfigurationFrontier> frontiers, ReadOnlySpan<int> free, string algorithm)
    {
        int tiers = free.Length;
        if (tiers > 8) throw new UserInputException(null, $"algorithm {algorithm}", $"supports at most 8 tiers, got {tiers}");
        int n = frontiers.Count;
        var stride = new long[tiers];
        var dim = new int[tiers];
        long states = 1;
        for (int k = 0; k < tiers; k++)
        {
            int users = 0;
            foreach (var f in frontiers)
                if (UsesTier(f, k)) users++;
            dim[k] = free[k] >= users ? 1 : free[k] + 1;
            stride[k] = states;
            states *= dim[k];
        }
        if (states * n > MaxCells)
            throw new UserInputException(null, $"algorithm {algorithm}",
                $"instance too large for the exact planner: {n} instances × {states} slot states exceeds {MaxCells} (see docs/algorithms.md)");
        int s = (int)states;

        // Per state: which tiers still have a slot (unconstrained tiers always do).
        var available = new int[s];
        for (int state = 0; state < s; state++)
        {
            int mask = 0;
            for (int k = 0; k < tiers; k++)
                if (dim[k] == 1 || (state / stride[k]) % dim[k] >= 1) mask |= 1 << k;
            available[state] = mask;
        }
        var delta = new int[1 << tiers];
        for (int m = 0; m < delta.Length; m++)
            for (int k = 0; k < tiers; k++)
                if ((m >> k & 1) != 0 && dim[k] > 1) delta[m] += (int)stride[k];

        var choice = new byte[(long)n * s];
        var nextServed = new int[s];
        var nextLatency = new double[s];
        var served = new int[s];
        var latency = new double[s];
        for (int i = n - 1; i >= 0; i--)
        {
            var byMask = frontiers[i].ByMask;
            long row = (long)i * s;
            for (int state = 0; state < s; state++)
            {
                int bestMask = BestMask(byMask, available[state], state, delta, nextServed, nextLatency, out int bestServed, out double bestLatency);
                served[state] = bestServed;
                latency[state] = bestLatency;
                choice[row + state] = (byte)bestMask;
            }
            (served, nextServed) = (nextServed, served);
            (latency, nextLatency) = (nextLatency, latency);
        }

        var chosen = new int[n];
        int current = 0;
        for (int k = 0; k < tiers; k++) current += (dim[k] - 1) * (int)stride[k];
        for (int i = 0; i < n; i++)
        {
            chosen[i] = choice[(long)i * s + current];
            current -= delta[chosen[i]];
        }
        return chosen;
    }

    private static bool UsesTier(ConfigurationFrontier f, int tier)
    {
        for (int m = 1; m < f.ByMask.Length; m++)
            if (f.ByMask[m] is not null && (m >> tier & 1) != 0) return true;
        return false;
    }

    /// <summary>
    /// One instance's best choice at one state: the frontier configuration whose tiers are all available that
    /// serves the most with what remains, then the least latency (ties keep the lower mask; 0 = not deployed).
    /// Shared by the chain's and the tree's dynamic programs.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static int BestMask(Configuration?[] byMask, int avail, int state, int[] take, int[] nextServed, double[] nextLatency,
        out int bestServed, out double bestLatency)
    {
        bestServed = nextServed[state];
        bestLatency = nextLatency[state];
        int bestMask = 0;
        for (int m = 1; m < byMask.Length; m++)
        {
            var c = byMask[m];
            if (c is null || (m & ~avail) != 0) continue;
            int after = state - take[m];
            int v = c.Served + nextServed[after];
            double l = c.LatencySumS + nextLatency[after];
            if (v > bestServed || (v == bestServed && l < bestLatency))
            {
                bestServed = v;
                bestLatency = l;
                bestMask = m;
            }
        }
        return bestMask;
    }
}
