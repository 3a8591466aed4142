namespace T2CSim.Experiments.Calibration;

using T2CSim.Core.Execution;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;

/// <summary>
/// The network factors refitted through the simulator itself (docs/validation.md, "The fit closed
/// through the simulator"). CalibrationFit replays each measured stage alone on its tier's quota clock;
/// the simulator runs it beside the agent's IO thread (the frame's receive and the results drawing on
/// the same quota, io_share), after a receive, with a drawn spread. Run on the calibration workload with
/// the fitted description, the simulator did not give back the workload's own compute walls: the edge's
/// stages 12-16 % slower than measured, the device's sg-lite stages (about one quota of CPU) 1.9x,
/// because in the simulator their receive pushed them over the period's quota. A description the
/// simulator does not reproduce on its own calibration cannot be right on a validation run.
///
/// So each network factor with at least <see cref="CalibrationFit.NetworkSamplesMin"/> measured stages
/// on a tier is searched until the simulated calibration workload (the same placements, arrivals and
/// algorithm as the measured runs, <see cref="Replications"/> execution draws pooled) gives that
/// network's stages on that tier the measured walls: the score is the log ratio of the simulated to the
/// measured centre wall (the interquartile mean, Centre), per stage size (table time), weighted by the measured stages of each size, so
/// a controller that chose other partitions in the simulator than on the testbed does not pass a stage
/// size mix for a speed. Each factor is bracketed (the walls grow with it) and bisected in log space;
/// all factors move together, one set of simulated runs per step (a network's stages share their tier
/// with the others', so they are not independent); the factor kept is the one with the smallest
/// |score| seen. Other terms stay as CalibrationFit fitted them.
/// Opt-in (`t2c calibrate --refit`): on the validation suite it made the simulator reproduce the
/// calibration workload but not the validation runs, whose stage walls differ from the calibration's
/// from run to run more than the refit corrects (docs/validation.md).
/// </summary>
public static class SimulatedRefit
{
    /// <summary>Steps of the search: the bracket is found in two or three, and each step after halves it.</summary>
    public const int Iterations = 10;

    /// <summary>Execution draws of each placement per step, pooled (the validation suite pools ten; four keep a step under a second).</summary>
    public const int Replications = 4;

    /// <summary>Fewest simulated stages of a size for it to count in the score.</summary>
    public const int SimulatedStagesMin = 3;

    /// <summary>One network's factor on one tier: before and after, and the simulated/measured centre wall ratio at each.</summary>
    public sealed record Refitted(int Tier, string Network, int Measured, double FactorBefore, double RatioBefore, double FactorAfter, double RatioAfter);

    /// <summary>A compute stage of one world: tier, network, the table's time and its wall.</summary>
    public readonly record struct Stage(int Tier, string Network, double TableS, double WallS);

    /// <param name="placements">The calibration workload's runs (one scenario per placement, without a testbed: the description is set here).</param>
    /// <param name="measured">The measured compute stages of every calibration run.</param>
    public static (CalibrationResult Fit, IReadOnlyList<Refitted> Changes) NetworkFactors(CalibrationResult fit, string name, IReadOnlyList<Scenario> placements,
        string algorithm, IEnumerable<Stage> measured, int iterations = Iterations, int replications = Replications)
    {
        var targets = measured.GroupBy(s => (s.Tier, s.Network))
            .Where(g => g.Key.Network.Length > 0 && g.Count() >= CalibrationFit.NetworkSamplesMin && g.Key.Tier < fit.Tiers.Count)
            .ToDictionary(g => g.Key, g => BySize(g));
        if (targets.Count == 0) return (fit, []);
        var keys = targets.Keys.OrderBy(k => k.Tier).ThenBy(k => k.Network, StringComparer.Ordinal).ToArray();
        var factor = keys.ToDictionary(k => k, k => fit.Tiers[k.Tier].NetworkFactors is { } f && f.TryGetValue(k.Network, out double m) ? m : 1.0);
        var before = new Dictionary<(int, string), (double Factor, double Score)>();
        var best = new Dictionary<(int, string), (double Factor, double Score)>();
        var lo = keys.ToDictionary(k => k, _ => double.NaN);
        var hi = keys.ToDictionary(k => k, _ => double.NaN);
        for (int step = 0; step <= iterations; step++)
        {
            var tiers = fit.Tiers.Select((t, k) => t with { NetworkFactors = FactorsOf(t, k, factor) }).ToArray();
            var description = new TestbedDescription(name, tiers, fit.Links);
            var simulated = Simulate(placements, description, algorithm, replications);
            foreach (var key in keys)
            {
                double score = Score(targets[key], simulated.GetValueOrDefault(key));
                if (step == 0) before[key] = (factor[key], score);
                if (double.IsNaN(score)) continue;
                if (!best.TryGetValue(key, out var b) || Math.Abs(score) < Math.Abs(b.Score)) best[key] = (factor[key], score);
                if (score > 0) hi[key] = factor[key];
                else lo[key] = factor[key];
                factor[key] = double.IsFinite(lo[key]) && double.IsFinite(hi[key])
                    ? Math.Sqrt(lo[key] * hi[key])
                    : Math.Clamp(factor[key] * Math.Exp(-score), factor[key] / 2, factor[key] * 2);
                factor[key] = Math.Clamp(factor[key], 0.05, 20);
            }
        }
        var kept = keys.Where(best.ContainsKey).ToDictionary(k => k, k => best[k].Factor);
        var refitted = fit.Tiers.Select((t, k) => t with { NetworkFactors = FactorsOf(t, k, kept) }).ToArray();
        var changes = keys.Where(best.ContainsKey).Select(k => new Refitted(k.Tier, k.Network, targets[k].Sum(s => s.Count),
            before[k].Factor, Math.Exp(before[k].Score), best[k].Factor, Math.Exp(best[k].Score))).ToList();
        var terms = fit.Terms.Select(t => changes.FirstOrDefault(c => t.Term == $"tier{c.Tier}.{c.Network}.network_factor") is { } c
            ? t with { ValueS = c.FactorAfter, Refit = (c.RatioBefore, c.RatioAfter) }
            : t).ToList();
        // A network whose factor the analytic fit left out (fewer stages in one run) but the runs together have enough of.
        foreach (var c in changes.Where(c => !fit.Terms.Any(t => t.Term == $"tier{c.Tier}.{c.Network}.network_factor")))
            terms.Add(new TermFit($"tier{c.Tier}.{c.Network}.network_factor", c.Measured, c.FactorAfter, double.NaN) { Refit = (c.RatioBefore, c.RatioAfter) });
        return (fit with { Tiers = refitted, Terms = terms }, changes);
    }

    /// <summary>The compute stages of simulated runs' hop records (SimulatedContinuum's `tier k` compute and lookup), by the network each model instance runs.</summary>
    public static IEnumerable<Stage> StagesOf(HopRecorder hops, Scenario scenario)
    {
        var networkOf = scenario.Models.Models.ToDictionary(m => m.Name, m => m.Base, StringComparer.Ordinal);
        var open = new Dictionary<(long Job, string Hop), (double Compute, double Lookup, string Model)>();
        foreach (var h in hops.Hops)
        {
            if (!h.Hop.StartsWith("tier", StringComparison.Ordinal) || h.What is not ("compute" or "lookup")) continue;
            var key = (h.Job, h.Hop);
            var entry = open.TryGetValue(key, out var seen) ? seen : (Compute: double.NaN, Lookup: double.NaN, h.Model);
            entry = h.What == "compute" ? entry with { Compute = h.Seconds } : entry with { Lookup = h.Seconds };
            open[key] = entry;
        }
        foreach (var ((_, hop), (compute, lookup, model)) in open)
            if (double.IsFinite(compute) && lookup > 0)
                yield return new Stage(int.Parse(hop.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture), networkOf.GetValueOrDefault(model, model), lookup, compute);
    }

    private static Dictionary<(int, string), Dictionary<long, List<double>>> Simulate(IReadOnlyList<Scenario> placements, TestbedDescription description, string algorithm, int replications)
    {
        var stages = new Dictionary<(int, string), Dictionary<long, List<double>>>();
        foreach (var placement in placements)
        {
            var scenario = placement with { Testbed = description };
            for (int r = 0; r < replications; r++)
            {
                var hops = new HopRecorder();
                Experiment.Run(scenario, algorithm, repeat: 0, hops: hops, replication: r);
                foreach (var s in StagesOf(hops, scenario))
                {
                    if (!stages.TryGetValue((s.Tier, s.Network), out var sizes)) stages[(s.Tier, s.Network)] = sizes = [];
                    long size = SizeOf(s.TableS);
                    if (!sizes.TryGetValue(size, out var walls)) sizes[size] = walls = [];
                    walls.Add(s.WallS);
                }
            }
        }
        return stages;
    }

    /// <summary>A stage's size: its table time to 0.1 ms (the tables' stages of one cut agree to far better).</summary>
    private static long SizeOf(double tableS) => (long)Math.Round(tableS * 1e4);

    private static List<(long Size, int Count, double Centre)> BySize(IEnumerable<Stage> stages) =>
        stages.GroupBy(s => SizeOf(s.TableS)).Select(g => (g.Key, g.Count(), Centre(g.Select(s => s.WallS)))).ToList();

    /// <summary>Log of simulated / measured centre wall, averaged over the sizes both worlds ran, weighted by the measured stages; NaN: no size in common.</summary>
    private static double Score(List<(long Size, int Count, double Centre)> measured, Dictionary<long, List<double>>? simulated)
    {
        if (simulated is null) return double.NaN;
        double sum = 0, weight = 0;
        foreach (var (size, count, centre) in measured)
        {
            if (!simulated.TryGetValue(size, out var walls) || walls.Count < SimulatedStagesMin || !(centre > 0)) continue;
            sum += count * Math.Log(Centre(walls) / centre);
            weight += count;
        }
        return weight > 0 ? sum / weight : double.NaN;
    }

    private static IReadOnlyDictionary<string, double>? FactorsOf(TierExecution tier, int k, IReadOnlyDictionary<(int Tier, string Network), double> factors)
    {
        var mine = factors.Where(p => p.Key.Tier == k).ToList();
        if (mine.Count == 0) return tier.NetworkFactors;
        var merged = tier.NetworkFactors is { } f ? new Dictionary<string, double>(f, StringComparer.Ordinal) : new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in mine) merged[key.Network] = value;
        return merged;
    }

    /// <summary>
    /// The walls' interquartile mean (the mean of the middle half): as robust to a stray stage as the
    /// median, but not stepped. Under a CFS quota a stage's wall moves in whole periods, so the median
    /// of a few dozen stages stays put while the factor moves by 10 % (the first version, on medians,
    /// could not tell the edge's asg-base factor 1.01 from 1.09); the middle half's mean moves with the
    /// share of stages that cross into another period.
    /// </summary>
    public static double Centre(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return double.NaN;
        int from = v.Length / 4, to = Math.Max(from + 1, v.Length - v.Length / 4);
        double sum = 0;
        for (int i = from; i < to; i++) sum += v[i];
        return sum / (to - from);
    }
}
