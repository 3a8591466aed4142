namespace T2CSim.Experiments.Results;

using MathNet.Numerics.Distributions;

/// <summary>
/// Mean and 95% confidence interval of a metric over the repeats of one (algorithm, multiplier):
/// mean ± t(0.975, n-1) · s / √n with s the sample standard deviation (Student t, as the repeats are
/// few). With a single run there is no spread to estimate: the half-width is NaN (written empty).
/// </summary>
public readonly record struct ConfidenceInterval(int N, double Mean, double StdDev, double HalfWidth)
{
    public const double Level = 0.95;

    public static ConfidenceInterval Of(IReadOnlyList<double> values)
    {
        int n = values.Count;
        if (n == 0) return new(0, double.NaN, double.NaN, double.NaN);
        double mean = values.Average();
        if (n == 1) return new(1, mean, double.NaN, double.NaN);
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        return new(n, mean, sd, TQuantile(n - 1) * sd / Math.Sqrt(n));
    }

    /// <summary>The two-sided 95% quantile of Student's t with `dof` degrees of freedom.</summary>
    public static double TQuantile(int dof) => StudentT.InvCDF(0, 1, dof, 1 - (1 - Level) / 2);
}
