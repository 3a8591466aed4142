namespace T2CSim.Experiments.Profiling;

using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using T2CSim.Core;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Profiling;
using T2CSim.Hardware.Runtime;
using TorchSharp;

using Profiles = System.Collections.Generic.Dictionary<string, T2CSim.Hardware.Profiling.LayerProfile>;

/// <summary>
/// Runs `t2c profile` (docs/models.md, "Tier emulation"). The program re-executes itself once per
/// measurement, each child inside its own cgroup and with libtorch capped to an instruction-set level
/// through its environment (<see cref="IsaLevel"/>; the caps must be set before libtorch loads, hence
/// the child). First the host, unthrottled, at every ISA level a tier uses (and uncapped, for
/// comparison); then each tier under its CFS quota at its own ISA level. Children write one-tier
/// tables that are merged here.
///
/// A tier's per-layer latency is the host's per-layer latency at the tier's ISA level times the
/// tier's slowdown at that level. The default, --scaling nominal, takes the slowdown from the clocks
/// and the per-clock ratio (<see cref="TierEmulation.Slowdown"/>). With --scaling measured it is the
/// slowdown measured under the quota (share = 1 / nominal slowdown) on whole rounds of all layers (a
/// single small layer under a quota is either untouched or hit by a period-sized pause, so its own
/// figure would be mostly noise); on a busy shared machine the quota'd runs also pay for waiting to
/// be rescheduled and for caches cooled by others during each pause, which the testbed's dedicated
/// CPUs did not. Both figures are recorded in the table's comments.
///
/// Every cgroup is removed even on failure. Without cgroups the children run ungrouped and the tiers
/// use nominal scaling; the tables then say so.
/// </summary>
public static class ProfileRunner
{
    public static void Run(ProfileSettings settings, TextWriter log)
    {
        string machine = HostMachine.Describe();
        bool cgroups = CpuQuotaCgroup.Available();
        bool clockMeasured = settings.HostClockGhz <= 0;
        if (clockMeasured)
        {
            settings = settings.WithHostClock(HostMachine.MeasureClockGhz());
            log.WriteLine(Invariant($"host clock: {settings.HostClockGhz:0.###} GHz (measured: dependent integer chain, fastest of 300 trials of ~0.7 ms)"));
        }
        string clockSource = !clockMeasured ? "given with --host-clock" : "measured by a dependent one-cycle integer chain, fastest of 300 trials of ~0.7 ms; /proc/cpuinfo shows the VM's nominal clock";
        double ghz = settings.HostClockGhz;
        List<string> notes = [];

        // The host at every ISA level a tier uses, and uncapped: the references the tiers scale.
        var levels = new List<IsaLevel> { IsaLevel.Native };
        foreach (var tier in settings.Tiers)
            if (!levels.Contains(tier.Isa)) levels.Add(tier.Isa);
        var host = new Dictionary<IsaLevel, Profiles>();
        foreach (var level in levels)
        {
            var (measured, note) = MeasureInChild(Testbed.Host(level, ghz), settings, -1, -1, cgroups, log);
            host[level] = measured;
            notes.Add(note);
            foreach (var model in settings.Models) log.WriteLine(Invariant($"host at ISA {level}: {model} {measured[model].RoundMs:0.###} ms per round of all layers and exits"));
        }

        var perTier = new List<Dictionary<string, IReadOnlyList<PieceTiming>>>();
        foreach (var tier in settings.Tiers)
        {
            double nominal = tier.Slowdown(ghz);
            var reference = host[tier.Isa];
            var scaled = new Dictionary<string, IReadOnlyList<PieceTiming>>();
            if (cgroups)
            {
                var (period, quota) = tier.Quota(ghz);
                var (measured, note) = MeasureInChild(tier, settings, period, quota, cgroups, log);
                var slowdowns = new List<string>();
                foreach (var model in settings.Models)
                {
                    double slowdown = measured[model].RoundMs / reference[model].RoundMs;
                    scaled[model] = Scale(reference[model].Pieces, settings.MeasuredScaling ? slowdown : nominal);
                    slowdowns.Add(Invariant($"{model} {slowdown:0.###}x"));
                    log.WriteLine(Invariant($"{tier.Tier} {model}: {measured[model].RoundMs:0.###} ms per round under the quota, {slowdown:0.###}x host at ISA {tier.Isa} (nominal {nominal:0.###}x)"));
                }
                notes.Add(Invariant($"{note}; measured slowdown of whole rounds vs host at ISA {tier.Isa}: {string.Join(", ", slowdowns)} (nominal {nominal:0.###}x)"));
            }
            else
            {
                foreach (var model in settings.Models) scaled[model] = Scale(reference[model].Pieces, nominal);
                notes.Add(Invariant($"{tier.Tier}: NO CGROUP available here, so host timings at ISA {tier.Isa} times the nominal slowdown {nominal:0.###}x (no throttled measurement)"));
            }
            perTier.Add(scaled);
        }

        var tierNames = settings.Tiers.Select(t => t.Tier).ToArray();
        foreach (var model in settings.Models)
        {
            List<string> comments =
            [
                $"produced-by: {CommandLine()} ({BuildConfiguration()} build)",
                $"machine: {machine}",
                $"method: TorchSharp {typeof(torch).Assembly.GetName().Version} on libtorch CPU, 1 torch thread, NNPACK off, batch 1; per layer and exit head {settings.Warmup} warm-up runs then {settings.Runs} timed runs interleaved in rounds over all pieces, kept as the mean of the middle 60% (fastest and slowest {LayerProfiler.TrimShare:P0} dropped: preemption by other processes on a shared machine)",
                Invariant($"host clock: {ghz:0.###} GHz ({clockSource})"),
                Invariant($"tiers: {string.Join("; ", settings.Tiers.Select(t => t.Describe(ghz)))}"),
                settings.MeasuredScaling
                    ? "tier latency = host per-layer latency at the tier's ISA x the tier's slowdown measured under its quota on whole rounds of all layers and exits (--scaling measured)"
                    : "tier latency = host per-layer latency at the tier's ISA x the tier's nominal slowdown (clock ratio x per-clock ratio, --scaling nominal); the slowdowns measured under the quotas are below, for comparison",
                .. notes,
                Invariant($"host: one round of all layers and exits {string.Join(", ", levels.Select(l => Invariant($"{host[l][model].RoundMs:0.###} ms at ISA {l}")))}"),
                $"bytes: input = raw sensor frame 48x48 8-bit grey = {SensorFrame.Bytes} bytes; layers and exits = float32 output numel*4",
                $"weights: random (torch.manual_seed({MultiTaskNetwork.DefaultSeed})); accuracy: literature-derived, not measured (docs/models.md)",
            ];
            var table = ProfileTable.Build(model, tierNames, perTier.Select(t => t[model]).ToArray(), comments);
            string path = Path.Combine(settings.OutDir, model + ".csv");
            table.Write(path);
            log.WriteLine($"wrote {path}");
        }
    }

    /// <summary>The child: joins its cgroup first, then profiles and writes one-tier tables.</summary>
    /// The ISA caps are in its environment (set by the parent); libtorch must report the expected
    /// ATen level, or the child fails rather than profile at the wrong one.</summary>
    public static void RunInCgroup(ProfileSettings settings, string cgroup)
    {
        if (cgroup != NoCgroup) CpuQuotaCgroup.Join(cgroup, Environment.ProcessId);
        string tier = settings.Tiers.Single().Tier;
        string capability = TorchRuntime.CpuCapability();
        var isa = settings.Isa ?? IsaLevel.Native;
        if (isa.AtenCapability is { } expected && capability != expected)
            throw new UserInputException(null, "--isa", $"libtorch reports CPU capability {capability}, not {expected}: the ISA cap did not take effect (this CPU may lack {isa.Name})");
        foreach (var model in settings.Models)
        {
            var profile = Measure(model, settings);
            ProfileTable.Build(model, [tier], [profile.Pieces], [Invariant($"{RoundComment}{profile.RoundMs:R}"), $"{CapabilityComment}{capability}"]).Write(Path.Combine(settings.OutDir, model + ".csv"));
        }
    }

    /// <summary>How a child passes its round time and ATen level to the parent, in its one-tier table.</summary>
    private const string RoundComment = "round-ms: ";
    private const string CapabilityComment = "aten-capability: ";

    /// <summary>--in-cgroup value for a child that joins no cgroup (none available).</summary>
    public const string NoCgroup = "none";

    private static LayerProfile Measure(string model, ProfileSettings settings)
    {
        ModelZoo.TryGet(model, out var architecture);
        using var network = new MultiTaskNetwork(architecture);
        return LayerProfiler.Measure(network, settings.Runs, settings.Warmup);
    }

    private static IReadOnlyList<PieceTiming> Scale(IReadOnlyList<PieceTiming> timings, double factor) =>
        timings.Select(p => p with { LatencyMs = p.LatencyMs * factor }).ToArray();

    /// <summary>
    /// Runs one tier's (or the host's) profile in a child process with libtorch capped to the tier's
    /// ISA level, inside a fresh cgroup when there are cgroups (quota -1: unthrottled).
    /// </summary>
    private static (Profiles, string) MeasureInChild(TierEmulation tier, ProfileSettings settings, int periodUs, int quotaUs, bool cgroups, TextWriter log)
    {
        string scratch = Directory.CreateTempSubdirectory($"t2c-profile-{tier.Tier}-{tier.Isa}-").FullName;
        Process? child = null;
        try
        {
            using var group = cgroups ? CpuQuotaCgroup.Create($"t2c-profile-{Environment.ProcessId}-{tier.Tier}-{tier.Isa}", periodUs, quotaUs) : null;
            string where = group?.Path ?? NoCgroup;
            try
            {
                log.WriteLine(group is null ? $"{tier.Tier} at ISA {tier.Isa}: profiling (no cgroup)"
                    : quotaUs < 0 ? $"{tier.Tier} at ISA {tier.Isa}: profiling in {group.Path} (no quota)"
                    : $"{tier.Tier} at ISA {tier.Isa}: profiling in {group.Path} (quota {quotaUs} us per {periodUs} us)");
                child = Process.Start(SelfStart(settings.ChildArguments(tier, scratch, where), tier.Isa)) ?? throw new InvalidOperationException("cannot start the profiling child");
                child.WaitForExit();
                if (child.ExitCode != 0) throw new UserInputException(null, $"--tier {tier.Tier}", $"the profiling child ({where}, ISA {tier.Isa}) exited with code {child.ExitCode}");
            }
            finally
            {
                // The cgroup can only be removed once its process is gone.
                if (child is { HasExited: false }) child.Kill(entireProcessTree: true);
                child?.WaitForExit();
            }
            var timings = settings.Models.ToDictionary(m => m, m => ReadChild(Path.Combine(scratch, m + ".csv"), tier.Tier, out _));
            ReadChild(Path.Combine(scratch, settings.Models[0] + ".csv"), tier.Tier, out var capability);
            string isa = $"ISA {tier.Isa}, libtorch reported CPU capability {capability}";
            if (group is null) return (timings, $"{tier.Tier}: measured without a cgroup ({isa})");
            var stat = group.Stat();
            string how = quotaUs < 0 ? "no quota" : Invariant($"quota {quotaUs}/{periodUs} us, throttled in {stat.Throttled} of {stat.Periods} periods");
            return (timings, $"{tier.Tier}: measured in its own cgroup ({isa}; {how}, cpu.shares {CpuQuotaCgroup.Shares})");
        }
        finally
        {
            child?.Dispose();
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>This program again: the apphost directly, or `dotnet t2c.dll` when run that way.</summary>
    private static ProcessStartInfo SelfStart(IReadOnlyList<string> arguments, IsaLevel isa)
    {
        string exe = Environment.ProcessPath ?? throw new InvalidOperationException("unknown program path");
        var start = new ProcessStartInfo(exe) { UseShellExecute = false };
        // No background work may eat the quota while layers are timed: the JIT compiles everything
        // fully up front instead of re-compiling hot methods on a background thread mid-profile, and
        // the GC collects on the profiling thread instead of a concurrent background one.
        start.Environment["DOTNET_TieredCompilation"] = "0";
        start.Environment["DOTNET_gcConcurrent"] = "0";
        // The ISA caps: read by libtorch, MKL and oneDNN when they load, so only a fresh process gets them.
        foreach (var name in IsaLevel.All.SelectMany(l => l.Environment.Keys).Distinct()) start.Environment.Remove(name);
        foreach (var (name, value) in isa.Environment) start.Environment[name] = value;
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        return start;
    }

    private static LayerProfile ReadChild(string path, string tier, out string capability)
    {
        var table = LookupTable.Read(path);
        capability = table.Comments.FirstOrDefault(c => c.StartsWith(CapabilityComment, StringComparison.Ordinal))?[CapabilityComment.Length..] ?? "unknown";
        var round = table.Comments.FirstOrDefault(c => c.StartsWith(RoundComment, StringComparison.Ordinal))
            ?? throw new UserInputException(path, RoundComment, "the profiling child wrote no round time");
        return new LayerProfile(ProfileTable.TimingsOf(table, tier), double.Parse(round[RoundComment.Length..], CultureInfo.InvariantCulture));
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static string CommandLine() =>
        "t2c " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(a => a.Contains(' ') ? $"\"{a}\"" : a));

    private static string BuildConfiguration() =>
        typeof(ProfileRunner).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";
}
