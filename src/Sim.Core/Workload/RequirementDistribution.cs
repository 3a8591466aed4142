namespace T2CSim.Core.Workload;

using T2CSim.Core.Randomness;

/// <summary>How a QoS requirement (minimum accuracy, or maximum latency) of a request is drawn.</summary>
public abstract record RequirementDistribution
{
    public abstract double Sample(RandomStream random);
    public abstract double Min { get; }
    public abstract double Max { get; }
    public abstract double Mean { get; }
}

/// <summary>Uniform on [Low, High]; Low == High gives a constant.</summary>
public sealed record UniformRequirement(double Low, double High) : RequirementDistribution
{
    public override double Sample(RandomStream random) => Low == High ? Low : random.Uniform(Low, High);
    public override double Min => Low;
    public override double Max => High;
    public override double Mean => (Low + High) / 2;
}

/// <summary>One of a few values with the given weights (the slides' examples are such a list).</summary>
public sealed record ChoiceRequirement(IReadOnlyList<double> Values, IReadOnlyList<double> Weights) : RequirementDistribution
{
    public override double Sample(RandomStream random) => Values[random.Choose(Weights)];
    public override double Min => Values.Min();
    public override double Max => Values.Max();
    public override double Mean => Values.Zip(Weights, (v, w) => v * w).Sum() / Weights.Sum();
}
