namespace T2CSim.Experiments.Profiling;

using System.Globalization;
using T2CSim.Core;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Profiling;

/// <summary>The validated options of `t2c profile`.</summary>
public sealed record ProfileSettings(IReadOnlyList<string> Models, IReadOnlyList<TierEmulation> Tiers, int Runs, int Warmup, string OutDir, double HostScore, bool MeasuredScaling, string ModelArgument, string TierArgument)
{
    public static ProfileSettings Parse(string model, string tier, int runs, int warmup, string outDir, double hostScore, string scaling = "nominal")
    {
        IReadOnlyList<string> models = model == "all" ? ModelZoo.Names
            : ModelZoo.TryGet(model, out _) ? [model]
            : throw new UserInputException(null, "--model", $"unknown model '{model}' (known: {string.Join(", ", ModelZoo.Names)}, all)");
        IReadOnlyList<TierEmulation> tiers = tier == "all" ? Testbed.Tiers
            : Testbed.Tiers.FirstOrDefault(t => t.Tier == tier) is { } one ? [one]
            : tier == "host" ? [Testbed.Host(hostScore)] // the unthrottled reference, run by a child
            : throw new UserInputException(null, "--tier", $"unknown tier '{tier}' (device, edge, cloud, all)");
        if (runs < 1) throw new UserInputException(null, "--runs", "must be at least 1");
        if (warmup < 0) throw new UserInputException(null, "--warmup", "must not be negative");
        if (!(hostScore > 0)) throw new UserInputException(null, "--host-score", "must be positive");
        if (scaling is not ("nominal" or "measured")) throw new UserInputException(null, "--scaling", $"'{scaling}' is neither nominal nor measured");
        return new ProfileSettings(models, tiers, runs, warmup, outDir, hostScore, scaling == "measured", model, tier);
    }

    /// <summary>The child's command line for one tier: same settings, one tier, into its cgroup.</summary>
    public IReadOnlyList<string> ChildArguments(TierEmulation tier, string outDir, string cgroup) =>
    [
        "profile", "--model", ModelArgument, "--tier", tier.Tier,
        "--runs", Runs.ToString(CultureInfo.InvariantCulture), "--warmup", Warmup.ToString(CultureInfo.InvariantCulture),
        "--host-score", HostScore.ToString("R", CultureInfo.InvariantCulture), "--out", outDir, "--in-cgroup", cgroup,
    ];
}
