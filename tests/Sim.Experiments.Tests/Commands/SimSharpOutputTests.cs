namespace T2CSim.Tests.Experiments.Commands;

using T2CSim.Core;
using T2CSim.Experiments.Commands.Bench.Kernel;

/// <summary>Reading SimSharp 3.4.2's benchmark output, and undoing its running averages over the timeout rows.</summary>
public sealed class SimSharpOutputTests
{
    // The shape SimSharp's Benchmark prints (figures made up, round numbers to work by hand).
    private const string Synthetic = """

        == Starting Benchmark: 1 repetitions for 3,000ms each. CPU clock frequency is set to 2,600,000,000Hz ==

        Benchmark 1 (n =      1):     200 clock cycles (12,000,000 entities / s)
        Benchmark 1 (n =     10):     260 clock cycles (10,000,000 entities / s)
        Benchmark 1 (n =    100):     310 clock cycles ( 8,000,000 entities / s)
        Benchmark 1 (n =  1,000):     400 clock cycles ( 6,500,000 entities / s)
        Benchmark 1 (n = 10,000):     500 clock cycles ( 5,400,000 entities / s)
        Benchmark 2:                  450 clock cycles ( 5,500,000 entities / s)
        Benchmark 3:                  800 clock cycles ( 3,100,000 entities / s)

        == Finished Benchmark ==
        """;

    [Test]
    public void TimeoutRowsAreTheirOwnRatesNotTheRunningAverages()
    {
        var parsed = SimSharpOutput.ParseSynthetic(Synthetic, "Benchmark.dll");
        // Row k's own rate = k R_k - (k - 1) R_(k-1): 12; 2x10 - 12 = 8; 3x8 - 2x10 = 4; 4x6.5 - 3x8 = 2;
        // 5x5.4 - 4x6.5 = 1 (millions). Their mean over equal times gives back the printed averages.
        Assert.That(parsed.Timeouts.Select(t => t.N), Is.EqualTo(new[] { 1, 10, 100, 1000, 10000 }));
        Assert.That(parsed.Timeouts.Select(t => t.PerRow), Is.EqualTo(new[] { 12e6, 8e6, 4e6, 2e6, 1e6 }).Within(1e-6));
        Assert.That(parsed.Timeouts.Select(t => t.Printed), Is.EqualTo(new[] { 12e6, 10e6, 8e6, 6.5e6, 5.4e6 }));
        Assert.That(parsed.ProcessCreation, Is.EqualTo(5.5e6));
        Assert.That(parsed.SeizeRelease, Is.EqualTo(3.1e6));
    }

    [Test]
    public void MachineShopRateIsRead()
    {
        const string shop = "== Machine shop ==\nMachine 0 made 432814 parts.\n\nProcessed 5,430,823 events in 1.07 seconds (5,075,535.51 events/s).\n";
        Assert.That(SimSharpOutput.ParseMachineShop(shop, "Benchmark.dll"), Is.EqualTo(5_075_535.51));
    }

    [Test]
    public void OutputOfSomethingElseIsAOneLineError()
    {
        var e = Assert.Throws<UserInputException>(() => SimSharpOutput.ParseSynthetic("Hello, World!", "Benchmark.dll"));
        Assert.That(e!.Field, Is.EqualTo("--simsharp"));
        Assert.Throws<UserInputException>(() => SimSharpOutput.ParseMachineShop("", "Benchmark.dll"));
        Assert.Throws<UserInputException>(() => SimSharpBenchmark.Locate("/nonexistent/simsharp"));
    }
}
