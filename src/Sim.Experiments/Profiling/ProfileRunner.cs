namespace T2CSim.Experiments.Profiling;

using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using T2CSim.Core;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Profiling;
using TorchSharp;

using Profiles = System.Collections.Generic.Dictionary<string, T2CSim.Hardware.Profiling.LayerProfile>;

/// <summary>
/// Runs `t2c profile` (docs/models.md, "Tier emulation"). The program re-executes itself once per
/// measurement, each child inside its own cgroup: first the host unthrottled (no quota), then each
/// tier under the CFS quota emulating its CPU. Children write one-tier tables that are merged here.
///
/// A tier's per-layer latency is the host's per-layer latency times the tier's slowdown. With
/// --scaling measured that slowdown is the one measured under the quota on whole rounds of all
/// layers (a single small layer under a quota is either untouched or hit by a period-sized pause,
/// so its own figure would be mostly noise). The default, --scaling nominal, uses host score / tier
/// score: on a busy shared machine the quota'd runs also pay for waiting to be rescheduled and for
/// caches cooled by others during each pause, which the testbed's dedicated CPUs did not. Both
/// figures are recorded in the table's comments.
///
/// Every cgroup is removed even on failure. Without cgroups the host is measured in-process and
/// the tiers are the host divided by their nominal share; the tables then say so.
/// </summary>
public static class ProfileRunner
{
    public static void Run(ProfileSettings settings, TextWriter log)
    {
        string machine = HostMachine.Describe();
        bool cgroups = CpuQuotaCgroup.Available();
        var hostTier = Testbed.Host(settings.HostScore);
        List<string> notes = [];

        Profiles host;
        if (cgroups)
        {
            (host, var note) = MeasureInChild(hostTier, settings, -1, -1, log);
            notes.Add(note);
        }
        else
        {
            host = settings.Models.ToDictionary(m => m, m => Measure(m, settings));
            notes.Add("host: NO CGROUP available here, measured in-process at normal priority");
        }
        foreach (var model in settings.Models) log.WriteLine(Invariant($"host {model}: {host[model].RoundMs:0.###} ms per round of all layers and exits"));

        var perTier = new List<Dictionary<string, IReadOnlyList<PieceTiming>>>();
        foreach (var tier in settings.Tiers)
        {
            double nominal = 1 / tier.Share(settings.HostScore);
            var scaled = new Dictionary<string, IReadOnlyList<PieceTiming>>();
            if (cgroups)
            {
                var (period, quota) = tier.Quota(settings.HostScore);
                var (measured, note) = MeasureInChild(tier, settings, period, quota, log);
                var slowdowns = new List<string>();
                foreach (var model in settings.Models)
                {
                    double slowdown = measured[model].RoundMs / host[model].RoundMs;
                    scaled[model] = Scale(host[model].Pieces, settings.MeasuredScaling ? slowdown : nominal);
                    slowdowns.Add(Invariant($"{model} {slowdown:0.###}x"));
                    log.WriteLine(Invariant($"{tier.Tier} {model}: {measured[model].RoundMs:0.###} ms per round, {slowdown:0.###}x host (quota nominal {nominal:0.###}x)"));
                }
                notes.Add(Invariant($"{note}; measured slowdown of whole rounds vs host: {string.Join(", ", slowdowns)} (nominal {nominal:0.###}x)"));
            }
            else
            {
                foreach (var model in settings.Models) scaled[model] = Scale(host[model].Pieces, nominal);
                notes.Add(Invariant($"{tier.Tier}: NO CGROUP available here, so host timings times the nominal slowdown {nominal:0.###}x (a scaling, not a throttled measurement)"));
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
                Invariant($"tiers: host CPU assumed at PassMark single-thread ~{settings.HostScore:0} (estimate); {string.Join("; ", settings.Tiers.Select(t => t.Describe(settings.HostScore)))}"),
                settings.MeasuredScaling
                    ? "tier latency = host per-layer latency x the tier's slowdown measured under its quota on whole rounds of all layers and exits (--scaling measured)"
                    : "tier latency = host per-layer latency x the tier's nominal slowdown (host score / tier score, --scaling nominal); the slowdowns measured under the quotas are below, for comparison",
                .. notes,
                Invariant($"host: one round of all layers and exits {host[model].RoundMs:0.###} ms"),
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
    public static void RunInCgroup(ProfileSettings settings, string cgroup)
    {
        CpuQuotaCgroup.Join(cgroup, Environment.ProcessId);
        string tier = settings.Tiers.Single().Tier;
        foreach (var model in settings.Models)
        {
            var profile = Measure(model, settings);
            ProfileTable.Build(model, [tier], [profile.Pieces], [Invariant($"{RoundComment}{profile.RoundMs:R}")]).Write(Path.Combine(settings.OutDir, model + ".csv"));
        }
    }

    /// <summary>How a child passes its round time to the parent, in its one-tier table.</summary>
    private const string RoundComment = "round-ms: ";

    private static LayerProfile Measure(string model, ProfileSettings settings)
    {
        ModelZoo.TryGet(model, out var architecture);
        using var network = new MultiTaskNetwork(architecture);
        return LayerProfiler.Measure(network, settings.Runs, settings.Warmup);
    }

    private static IReadOnlyList<PieceTiming> Scale(IReadOnlyList<PieceTiming> timings, double factor) =>
        timings.Select(p => p with { LatencyMs = p.LatencyMs * factor }).ToArray();

    /// <summary>Runs one tier's profile in a child process inside a fresh cgroup (quota -1: unthrottled).</summary>
    private static (Profiles, string) MeasureInChild(TierEmulation tier, ProfileSettings settings, int periodUs, int quotaUs, TextWriter log)
    {
        string scratch = Directory.CreateTempSubdirectory($"t2c-profile-{tier.Tier}-").FullName;
        Process? child = null;
        try
        {
            using var group = CpuQuotaCgroup.Create($"t2c-profile-{Environment.ProcessId}-{tier.Tier}", periodUs, quotaUs);
            try
            {
                log.WriteLine(quotaUs < 0 ? $"{tier.Tier}: profiling in {group.Path} (no quota)" : $"{tier.Tier}: profiling in {group.Path} (quota {quotaUs} us per {periodUs} us)");
                child = Process.Start(SelfStart(settings.ChildArguments(tier, scratch, group.Path))) ?? throw new InvalidOperationException("cannot start the profiling child");
                child.WaitForExit();
                if (child.ExitCode != 0) throw new UserInputException(null, $"--tier {tier.Tier}", $"the profiling child in {group.Path} exited with code {child.ExitCode}");
            }
            finally
            {
                // The cgroup can only be removed once its process is gone.
                if (child is { HasExited: false }) child.Kill(entireProcessTree: true);
                child?.WaitForExit();
            }
            var stat = group.Stat();
            var timings = settings.Models.ToDictionary(m => m, m => ReadChild(Path.Combine(scratch, m + ".csv"), tier.Tier));
            string how = quotaUs < 0 ? "no quota" : Invariant($"quota {quotaUs}/{periodUs} us, throttled in {stat.Throttled} of {stat.Periods} periods");
            return (timings, $"{tier.Tier}: measured in its own cgroup ({how}, cpu.shares {CpuQuotaCgroup.Shares})");
        }
        finally
        {
            child?.Dispose();
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>This program again: the apphost directly, or `dotnet t2c.dll` when run that way.</summary>
    private static ProcessStartInfo SelfStart(IReadOnlyList<string> arguments)
    {
        string exe = Environment.ProcessPath ?? throw new InvalidOperationException("unknown program path");
        var start = new ProcessStartInfo(exe) { UseShellExecute = false };
        // No background work may eat the quota while layers are timed: the JIT compiles everything
        // fully up front instead of re-compiling hot methods on a background thread mid-profile, and
        // the GC collects on the profiling thread instead of a concurrent background one.
        start.Environment["DOTNET_TieredCompilation"] = "0";
        start.Environment["DOTNET_gcConcurrent"] = "0";
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        return start;
    }

    private static LayerProfile ReadChild(string path, string tier)
    {
        var table = LookupTable.Read(path);
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
