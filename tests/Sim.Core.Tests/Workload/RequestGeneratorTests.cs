namespace T2CSim.Tests.Core.Workload;

using T2CSim.Core;
using T2CSim.Core.Randomness;
using T2CSim.Core.Workload;
using T2CSim.Tests.Core.Support;

public sealed class RequestGeneratorTests
{
    private static HourlyProfile Ramp() => HourlyProfile.Parse(Fixtures.RampProfile().Split('\n'), "ramp.csv");

    private static WorkloadSpec Workload(HourlyProfile profile, double startHour, double multiplier, RequirementDistribution? accuracy = null) => new(
        profile, "ramp.csv", startHour, multiplier,
        [new TaskShare("duo", "a", 3), new TaskShare("duo", "b", 1)],
        accuracy ?? new UniformRequirement(0.6, 0.9),
        new ChoiceRequirement([0.2, 0.3], [3, 1]));

    [Test]
    [Category("Slow")]
    public void CountsInAWindowArePoissonWithTheIntegratedRate()
    {
        // Start at 03:30 with multiplier 2: the first half hour runs at 2 x 130 /h, the next at
        // 2 x 140 /h. Window [1500 s, 2100 s) straddles the 04:00 boundary at 1800 s:
        //   mean = 2 x (130 x 300 + 140 x 300) / 3600 = 45 arrivals.
        var workload = Workload(Ramp(), startHour: 3.5, multiplier: 2);
        const double mean = 45;
        Assert.That(workload.ExpectedArrivals(1500, 2100), Is.EqualTo(mean).Within(1e-9));

        const int seeds = 4000;
        var counts = new double[seeds];
        for (int s = 0; s < seeds; s++)
            counts[s] = new RequestGenerator(workload, new RandomStreams(s)).Generate(2100).Count(r => r.ArrivalS >= 1500);
        double average = counts.Average();
        double variance = counts.Sum(c => (c - average) * (c - average)) / (seeds - 1);

        // Sample mean: sd sqrt(45 / 4000) = 0.106; 4 sd = 0.42.
        Assert.That(average, Is.EqualTo(mean).Within(4 * Math.Sqrt(mean / seeds)));
        // Dispersion index var/mean of a Poisson count is 1; the sample variance has variance
        // (mu + 2 mu^2) / n, so the index has sd sqrt((mu + 2 mu^2) / n) / mu = 0.0227; 4 sd = 0.091.
        double sdIndex = Math.Sqrt((mean + 2 * mean * mean) / seeds) / mean;
        Assert.That(variance / average, Is.EqualTo(1.0).Within(4 * sdIndex));
    }

    [Test]
    public void GeneratedRequestsFollowTheTracesHourlyProfile()
    {
        var profile = HourlyProfile.Read(ProjectPaths.InRoot("traces", "la-311-2017-12-hourly.csv"));
        var workload = Workload(profile, startHour: 0, multiplier: 50);
        var perHour = new int[24];
        foreach (var r in new RequestGenerator(workload, new RandomStreams(11)).Generate(24 * 3600))
            perHour[(int)(r.ArrivalS / 3600)]++;
        for (int h = 0; h < 24; h++)
        {
            double expected = 50 * profile.RequestsPerHour[h];
            // Poisson: sd sqrt(expected); 4.5 sd per hour leaves ~1e-4 chance over the 24 hours.
            Assert.That(perHour[h], Is.EqualTo(expected).Within(4.5 * Math.Sqrt(expected)), $"hour {h}");
        }
        // The busy 10:00 hour (225.75 /h) dwarfs the 02:00 hour (2 /h), as in the trace.
        Assert.That(perHour[10], Is.GreaterThan(50 * perHour[2]));
    }

    [Test]
    public void RequestsCarryTheMixAndTheRequirementDistributions()
    {
        var workload = Workload(Ramp(), startHour: 0, multiplier: 20);
        var requests = new RequestGenerator(workload, new RandomStreams(3)).Generate(3600).ToList();
        // Hour 0 at 20 x 100 /h: about 2000 requests.
        Assert.That(requests.Count, Is.EqualTo(2000).Within(4 * Math.Sqrt(2000)));
        Assert.That(requests.Select(r => r.Id), Is.EqualTo(Enumerable.Range(0, requests.Count)));
        Assert.That(requests.Select(r => r.ArrivalS), Is.Ordered);
        Assert.That(requests.All(r => r.Model == "duo" && r.Task is "a" or "b"));
        Assert.That(requests.All(r => r.MinAccuracy is >= 0.6 and <= 0.9));
        Assert.That(requests.All(r => r.MaxLatencyS is 0.2 or 0.3));
        // Weights 3 : 1 for both the task mix and the latency choice: a share of 0.75, sd sqrt(0.75 x 0.25 / n).
        double sd = Math.Sqrt(0.75 * 0.25 / requests.Count);
        Assert.That(requests.Count(r => r.Task == "a") / (double)requests.Count, Is.EqualTo(0.75).Within(4 * sd));
        Assert.That(requests.Count(r => r.MaxLatencyS == 0.2) / (double)requests.Count, Is.EqualTo(0.75).Within(4 * sd));
        // Uniform 0.6..0.9 has mean 0.75 and sd 0.3 / sqrt(12).
        Assert.That(requests.Average(r => r.MinAccuracy), Is.EqualTo(0.75).Within(4 * 0.3 / Math.Sqrt(12 * requests.Count)));
    }

    [Test]
    public void EachPurposeHasItsOwnStream()
    {
        // Changing the accuracy distribution must not move a single arrival or change a task.
        var one = new RequestGenerator(Workload(Ramp(), 0, 5), new RandomStreams(9)).Generate(3600).ToList();
        var two = new RequestGenerator(Workload(Ramp(), 0, 5, new ChoiceRequirement([0.7], [1])), new RandomStreams(9)).Generate(3600).ToList();
        Assert.That(two.Select(r => (r.ArrivalS, r.Task, r.MaxLatencyS)), Is.EqualTo(one.Select(r => (r.ArrivalS, r.Task, r.MaxLatencyS))));
        Assert.That(two.All(r => r.MinAccuracy == 0.7));
        // And the same seed gives the same run.
        var again = new RequestGenerator(Workload(Ramp(), 0, 5), new RandomStreams(9)).Generate(3600).ToList();
        Assert.That(again, Is.EqualTo(one));
    }

    [Test]
    public void AnHourWithNoRequestsProducesNone()
    {
        var rates = Enumerable.Range(0, 24).Select(h => h == 1 ? 0.0 : 3600.0).ToArray();
        var workload = Workload(new HourlyProfile(rates), startHour: 0.5, multiplier: 1);
        var arrivals = new RequestGenerator(workload, new RandomStreams(1)).Generate(3 * 3600).Select(r => r.ArrivalS).ToList();
        // Profile hour 1 is simulated time [1800, 5400): silent. Around it, 1 request/s.
        Assert.That(arrivals.Count(t => t is >= 1800 and < 5400), Is.Zero);
        Assert.That(arrivals.Count(t => t < 1800), Is.EqualTo(1800).Within(4 * Math.Sqrt(1800)));
        Assert.That(arrivals.Count(t => t >= 5400), Is.EqualTo(5400).Within(4 * Math.Sqrt(5400)));
    }
}
