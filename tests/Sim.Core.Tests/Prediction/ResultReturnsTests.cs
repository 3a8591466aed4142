namespace T2CSim.Tests.Core.Prediction;

using T2CSim.Core.Prediction;

/// <summary>The measured result returns (ResultReturns): per node, the median wall over the scaling window.</summary>
public class ResultReturnsTests
{
    [Test]
    public void A_node_without_a_result_has_none_and_one_with_results_has_their_median()
    {
        var returns = new ResultReturns(3, 10);
        Assert.That(returns.Current(0), Is.All.NaN);
        // Device: 0.5, 14 and 7 ms (one and two CFS periods after an overrun): median 7 ms, not the mean 7.17.
        returns.Record(1, 0, 0.0005);
        returns.Record(2, 0, 0.014);
        returns.Record(3, 0, 0.007);
        returns.Record(3, 2, 0.001);
        returns.Record(4, 2, 0.003);
        var walls = returns.Current(4);
        Assert.That(walls[0], Is.EqualTo(0.007));
        Assert.That(walls[1], Is.NaN, "the edge sent no result");
        Assert.That(walls[2], Is.EqualTo(0.002).Within(1e-15), "an even count: the middle two's mean");
    }

    [Test]
    public void Results_older_than_the_window_no_longer_count()
    {
        var returns = new ResultReturns(1, 10);
        returns.Record(1, 0, 0.020);
        returns.Record(5, 0, 0.002);
        returns.Record(6, 0, 0.004);
        Assert.That(returns.Current(10.5)[0], Is.EqualTo(0.004), "window (0.5, 10.5]: all three, median 4 ms");
        Assert.That(returns.Current(11)[0], Is.EqualTo(0.003).Within(1e-15), "the 20 ms of t = 1 expired at 11: 2 and 4 ms left");
        Assert.That(returns.Current(16)[0], Is.NaN, "every log expired: the calibrated constant holds again");
    }

    [Test]
    public void A_snapshot_handed_out_does_not_change_with_later_logs()
    {
        var returns = new ResultReturns(1, 10);
        returns.Record(1, 0, 0.001);
        var before = returns.Current(1);
        Assert.That(returns.Current(1), Is.SameAs(before), "no change, no new snapshot");
        returns.Record(2, 0, 0.009);
        returns.Record(2, 0, 0.011);
        Assert.That(before[0], Is.EqualTo(0.001));
        Assert.That(returns.Current(2)[0], Is.EqualTo(0.009));
    }

    [Test]
    public void Walls_that_are_not_durations_are_dropped_and_time_does_not_go_back()
    {
        var returns = new ResultReturns(2, 10);
        returns.Record(1, 0, -0.001);
        returns.Record(1, 0, double.NaN);
        returns.Record(1, 5, 0.001);
        Assert.That(returns.Current(1), Is.All.NaN);
        returns.Record(2, 1, 0.001);
        Assert.Throws<ArgumentException>(() => returns.Record(1.5, 1, 0.001));
    }
}
