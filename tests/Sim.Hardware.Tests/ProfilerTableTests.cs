namespace T2CSim.Tests.Hardware;

using System.Runtime.Intrinsics.X86;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Models;
using T2CSim.Hardware.Profiling;
using T2CSim.Hardware.Runtime;

/// <summary>The profiler's table loads into the simulator's model with the right shape.</summary>
public class ProfilerTableTests
{
    private static readonly NetworkArchitecture Tiny = new(
        "tiny",
        [new BlockSpec(4), new BlockSpec(8)],
        [new TaskArchitecture("smile", 2, [8], 0.9), new TaskArchitecture("age", 8, [16, 8], 0.5)],
        [1],
        ExitFilters: 4);

    [Test]
    public void A_profiled_tiny_network_loads_as_a_model_spec()
    {
        using var network = new MultiTaskNetwork(Tiny);
        var profile = LayerProfiler.Measure(network, runs: 3, warmup: 1);
        Assert.That(profile.Pieces.All(p => p.LatencyMs > 0), Is.True);
        Assert.That(profile.RoundMs, Is.GreaterThan(0));

        var slower = profile.Pieces.Select(p => p with { LatencyMs = p.LatencyMs * 3 }).ToArray();
        var table = ProfileTable.Build("tiny", ["cloud", "edge", "device"], [profile.Pieces, profile.Pieces, slower], ["test table"]);
        string path = Path.Combine(Path.GetTempPath(), $"t2c-tiny-{Guid.NewGuid():N}.csv");
        try
        {
            table.Write(path);
            var spec = LookupTable.Read(path).ToModelSpec(Topology.Thesis(), path);

            Assert.That(spec.Name, Is.EqualTo("tiny"));
            Assert.That(spec.InputBytes, Is.EqualTo(48 * 48));
            Assert.That(spec.StemDepth, Is.EqualTo(2));
            var smile = spec.Task("smile");
            var age = spec.Task("age");
            Assert.That(smile.Path.Select(l => l.OutputBytes), Is.EqualTo(new long[] { 4 * 24 * 24 * 4, 8 * 12 * 12 * 4, 8 * 4 }));
            Assert.That(age.Path.Select(l => l.Name), Is.EqualTo(new[] { "block1", "block2", "age.fc1", "age.fc2" }));
            Assert.That(smile.Exits.Select(e => (e.Name, e.After, e.OutputBytes)), Is.EqualTo(new[] { ("smile.exit1", 1, 8L), ("smile.final", 3, 8L) }));
            Assert.That(age.Exits.Select(e => e.After), Is.EqualTo(new[] { 1, 4 }));
            Assert.That(age.Exits.Select(e => e.OutputBytes), Is.EqualTo(new[] { 32L, 32L }));
            Assert.That(smile.FinalExit.Accuracy, Is.EqualTo(0.9).Within(1e-4));
            Assert.That(smile.Exits[0].Accuracy, Is.LessThan(0.9));

            // Columns follow the topology's tier order (device, edge, cloud), whatever the file's order.
            var block1 = smile.Path[0];
            Assert.That(block1.LatencyS[0], Is.EqualTo(block1.LatencyS[2] * 3).Within(block1.LatencyS[2] * 0.01 + 1e-9));
            Assert.That(block1.LatencyS[1], Is.EqualTo(block1.LatencyS[2]).Within(1e-9));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Trimmed_mean_ignores_a_preempted_run()
    {
        var runs = Enumerable.Repeat(1.0, 9).Append(50.0).ToArray();
        Assert.That(LayerProfiler.TrimmedMean(runs), Is.EqualTo(1.0).Within(1e-12));
    }

    [Test]
    public void Tier_quotas_are_valid_for_the_kernel_and_ordered()
    {
        const double hostGhz = 3.0;
        var quotas = Testbed.Tiers.Select(t => t.Quota(hostGhz)).ToArray();
        Assert.That(quotas.All(q => q.QuotaUs >= TierEmulation.MinQuotaUs && q.QuotaUs <= q.PeriodUs), Is.True);
        var shares = Testbed.Tiers.Select(t => t.Share(hostGhz)).ToArray();
        Assert.That(shares, Is.Ordered.Ascending);
        foreach (var (tier, (period, quota)) in Testbed.Tiers.Zip(quotas))
            Assert.That((double)quota / period, Is.EqualTo(tier.Share(hostGhz)).Within(0.01), tier.Tier);
    }

    [Test]
    public void Tier_slowdowns_follow_the_clock_and_per_clock_ratios()
    {
        foreach (var t in Testbed.Tiers)
        {
            // Slowdown = host clock / tier clock x host work per clock over the tier's.
            Assert.That(t.Slowdown(6.0), Is.EqualTo(2 * t.Slowdown(3.0)).Within(1e-12), t.Tier);
            Assert.That(t.Slowdown(t.ClockGhz), Is.EqualTo(t.HostIpcRatio).Within(1e-12), $"{t.Tier}: at its own clock only the per-clock ratio is left");
            Assert.That(t.Share(3.0), Is.EqualTo(Math.Min(1, 1 / t.Slowdown(3.0))).Within(1e-12), t.Tier);
        }
        // The thesis's testbed, slowest first: Upboard (Atom), NUC, PC.
        Assert.That(Testbed.Tiers.Select(t => t.Tier), Is.EqualTo(new[] { "device", "edge", "cloud" }));
        Assert.That(Testbed.Tiers.Select(t => t.Slowdown(3.0)), Is.Ordered.Descending);
        // Edge and cloud are the same microarchitecture: they differ by their clocks alone.
        var edge = Testbed.Tier("edge");
        var cloud = Testbed.Tier("cloud");
        Assert.That(edge.Isa, Is.EqualTo(cloud.Isa));
        Assert.That(edge.Slowdown(3.0) / cloud.Slowdown(3.0), Is.EqualTo(cloud.ClockGhz / edge.ClockGhz).Within(1e-12));
    }

    [Test]
    public void Each_isa_cap_sets_the_level_its_child_checks()
    {
        foreach (var level in IsaLevel.All)
        {
            Assert.That(IsaLevel.Parse(level.Name), Is.SameAs(level));
            if (level.AtenCapability is null)
            {
                Assert.That(level.Environment, Is.Empty, "no check, no cap");
                continue;
            }
            // The parent sets ATEN_CPU_CAPABILITY; the child compares libtorch's report with AtenCapability.
            Assert.That(level.Environment["ATEN_CPU_CAPABILITY"].ToUpperInvariant(), Is.EqualTo(level.AtenCapability), level.Name);
            // oneDNN reads either name depending on its version: both must say the same.
            Assert.That(level.Environment["ONEDNN_MAX_CPU_ISA"], Is.EqualTo(level.Environment["DNNL_MAX_CPU_ISA"]), level.Name);
        }
        Assert.Throws<ArgumentException>(() => IsaLevel.Parse("avx512"));
    }

    [Test]
    public void Libtorch_reports_the_cpu_capability_this_cpu_and_environment_allow()
    {
        TorchRuntime.Configure();
        // ATen's rule (aten/src/ATen/native/DispatchStub.cpp): the environment's cap if set, else
        // AVX512 with AVX-512 F/BW/DQ/VL, else AVX2 with AVX2 (and FMA), else DEFAULT.
        string? cap = Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY");
        string expected = cap is { Length: > 0 } ? cap.ToUpperInvariant()
            : Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported ? "AVX512"
            : Avx2.IsSupported && Fma.IsSupported ? "AVX2"
            : "DEFAULT";
        Assert.That(TorchRuntime.CpuCapability(), Is.EqualTo(expected));
    }

    [Test]
    public void Nnpack_is_off_after_configuration()
    {
        TorchRuntime.Configure();
        Assert.That(TorchRuntime.NnpackEnabled(), Is.False);
    }
}
