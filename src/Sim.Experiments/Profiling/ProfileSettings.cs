namespace T2CSim.Experiments.Profiling;

using System.Globalization;
using T2CSim.Core;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Profiling;

/// <summary>The validated options of `t2c profile`.</summary>
/// <param name="HostClockGhz">This machine's clock in GHz; 0 = measure it (<see cref="HostMachine.MeasureClockGhz"/>).</param>
/// <param name="Isa">Child only: the ISA level its parent capped libtorch to, checked and recorded.</param>
public sealed record ProfileSettings(IReadOnlyList<string> Models, IReadOnlyList<TierEmulation> Tiers, int Runs, int Warmup, string OutDir, double HostClockGhz, bool MeasuredScaling, string ModelArgument, string TierArgument, IsaLevel? Isa = null)
{
    public static ProfileSettings Parse(string model, string tier, int runs, int warmup, string outDir, double hostClockGhz, string scaling = "nominal", string? isa = null)
    {
        IReadOnlyList<string> models = model == "all" ? ModelZoo.Names
            : ModelZoo.TryGet(model, out _) ? [model]
            : throw new UserInputException(null, "--model", $"unknown model '{model}' (known: {string.Join(", ", ModelZoo.Names)}, all)");
        IsaLevel? level = null;
        if (isa is not null)
        {
            try { level = IsaLevel.Parse(isa); }
            catch (ArgumentException e) { throw new UserInputException(null, "--isa", e.Message); }
        }
        IReadOnlyList<TierEmulation> tiers = tier == "all" ? Testbed.Tiers
            : Testbed.Tiers.FirstOrDefault(t => t.Tier == tier) is { } one ? [one]
            : tier == "host" ? [Testbed.Host(level ?? IsaLevel.Native, hostClockGhz)] // the unthrottled reference, run by a child
            : throw new UserInputException(null, "--tier", $"unknown tier '{tier}' (device, edge, cloud, all)");
        if (runs < 1) throw new UserInputException(null, "--runs", "must be at least 1");
        if (warmup < 0) throw new UserInputException(null, "--warmup", "must not be negative");
        if (!(hostClockGhz >= 0)) throw new UserInputException(null, "--host-clock", "must be positive (GHz), or 0 to measure it");
        if (scaling is not ("nominal" or "measured")) throw new UserInputException(null, "--scaling", $"'{scaling}' is neither nominal nor measured");
        return new ProfileSettings(models, tiers, runs, warmup, outDir, hostClockGhz, scaling == "measured", model, tier, level);
    }

    /// <summary>The settings with the host clock known (measured by the parent when 0).</summary>
    public ProfileSettings WithHostClock(double ghz) => this with { HostClockGhz = ghz };

    /// <summary>The child's command line for one tier (or the host) at one ISA level: same settings, into its cgroup.</summary>
    public IReadOnlyList<string> ChildArguments(TierEmulation tier, string outDir, string cgroup) =>
    [
        "profile", "--model", ModelArgument, "--tier", tier.Tier, "--isa", tier.Isa.Name,
        "--runs", Runs.ToString(CultureInfo.InvariantCulture), "--warmup", Warmup.ToString(CultureInfo.InvariantCulture),
        "--host-clock", HostClockGhz.ToString("R", CultureInfo.InvariantCulture), "--out", outDir, "--in-cgroup", cgroup,
    ];
}
