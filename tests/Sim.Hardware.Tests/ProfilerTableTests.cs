namespace T2CSim.Tests.Hardware;

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
    public void Tiers_use_their_cpus_instruction_sets_and_clocks()
    {
        Assert.That(Testbed.Tiers.Select(t => t.Isa), Is.EqualTo(new[] { IsaLevel.Sse, IsaLevel.Avx2, IsaLevel.Avx2 }));
        Assert.That(Testbed.Tier("device").Slowdown(1.44), Is.EqualTo(Testbed.HostOverAirmontPerClock).Within(1e-12));
        Assert.That(Testbed.Tier("cloud").Slowdown(6.8), Is.EqualTo(2 * Testbed.HostOverHaswellPerClock).Within(1e-12));
        Assert.That(IsaLevel.Sse.Environment["ATEN_CPU_CAPABILITY"], Is.EqualTo("default"));
        Assert.That(IsaLevel.Avx2.Environment["ONEDNN_MAX_CPU_ISA"], Is.EqualTo("AVX2"));
    }

    [Test]
    public void Libtorch_reports_its_cpu_capability()
    {
        TorchRuntime.Configure();
        Assert.That(TorchRuntime.CpuCapability(), Is.AnyOf("DEFAULT", "AVX2", "AVX512"));
    }

    [Test]
    public void Nnpack_is_off_after_configuration()
    {
        TorchRuntime.Configure();
        Assert.That(TorchRuntime.NnpackEnabled(), Is.False);
    }
}
