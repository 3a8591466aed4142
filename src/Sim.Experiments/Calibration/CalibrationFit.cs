namespace T2CSim.Experiments.Calibration;

using MathNet.Numerics.LinearAlgebra;
using T2CSim.Core.Execution;

/// <summary>How well one term was fitted: samples, the fitted value and the residuals' spread.</summary>
public sealed record TermFit(string Term, int Samples, double ValueS, double ResidualSdS);

/// <summary>The fitted terms and the wire regression's quality.</summary>
public sealed record CalibrationResult(IReadOnlyList<TierExecution> Tiers, IReadOnlyList<LinkExecution> Links, double WireRSquared, IReadOnlyList<TermFit> Terms);

/// <summary>
/// Fits a testbed description's terms to the calibration workload's hop timings (docs/validation.md):
///   wire:  one least-squares regression over every link, wire_k - propagation_k = w_k + f x serialisation,
///          per-link constants w_k (sockets, TCP, the receiving thread) and one header factor f shared by
///          the links (bytes on the wire per payload byte); R² over all wire samples. The constant kept
///          is then the median of wire - f x serialisation per link, not the regression's mean: a frame
///          that queued behind another on the link is the link's sharing (which the simulator has), not
///          its overhead;
///   compute: per tier, the median of measured / (table x share): the host CPU a stage takes per unit of
///          the table's time at the tier's share (the workload runs at the tiers' instruction sets,
///          unthrottled), i.e. the host's speed now against the profile's;
///   send, receive, result: each the median of its samples (the calibration workload is light and
///          unthrottled, so a sample is the cost itself; the median ignores the rare preempted one).
/// The CPU shares and quota periods are not fitted: they are the tiers' emulation on this host.
/// A term without samples (a link no job crossed) stays 0 and says so in its fit.
/// </summary>
public static class CalibrationFit
{
    public static CalibrationResult Fit(IReadOnlyList<HopSample> samples, int tiers, IReadOnlyList<(double Share, double PeriodS)> quotas)
    {
        var terms = new List<TermFit>();
        double Median(HopTerm term, int index, string name)
        {
            var v = samples.Where(s => s.Term == term && s.Index == index).Select(s => s.Seconds).Order().ToArray();
            if (v.Length == 0) { terms.Add(new TermFit(name, 0, 0, double.NaN)); return 0; }
            double m = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
            m = Math.Max(0, m);
            terms.Add(new TermFit(name, v.Length, m, Math.Sqrt(v.Average(x => (x - m) * (x - m)))));
            return m;
        }

        var (wireConstants, factor, rSquared) = FitWire(samples, tiers, terms);
        var links = Enumerable.Range(0, tiers).Select(k => new LinkExecution(Median(HopTerm.Send, k, $"link{k}.send"), wireConstants[k], factor)).ToArray();
        double Factor(int k)
        {
            var v = samples.Where(s => s.Term == HopTerm.Compute && s.Index == k && s.SerialisationS > 0)
                .Select(s => s.Seconds / (s.SerialisationS * quotas[k].Share)).Order().ToArray();
            if (v.Length == 0) { terms.Add(new TermFit($"tier{k}.compute_factor", 0, 1, double.NaN)); return 1; }
            double m = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
            terms.Add(new TermFit($"tier{k}.compute_factor", v.Length, m, Math.Sqrt(v.Average(x => (x - m) * (x - m)))));
            return Math.Clamp(m, 0.05, 20);
        }
        var tierTerms = Enumerable.Range(0, tiers).Select(k => new TierExecution(quotas[k].Share, quotas[k].PeriodS,
            Median(HopTerm.Receive, k, $"tier{k}.receive"), Median(HopTerm.Result, k, $"tier{k}.result"), Factor(k))).ToArray();
        return new CalibrationResult(tierTerms, links, rSquared, terms);
    }

    private static (double[] Constants, double Factor, double RSquared) FitWire(IReadOnlyList<HopSample> samples, int links, List<TermFit> terms)
    {
        var wire = samples.Where(s => s.Term == HopTerm.Wire && s.Index >= 0 && s.Index < links).ToList();
        var present = Enumerable.Range(0, links).Where(k => wire.Any(s => s.Index == k)).ToList();
        var constants = new double[links];
        // The factor is only identifiable when the frames' serialisation times differ beyond the links' own constants.
        bool slope = wire.Count > present.Count + 1 && present.Any(k => Spread(wire.Where(s => s.Index == k).Select(s => s.SerialisationS)) > 1e-9);
        int columns = present.Count + (slope ? 1 : 0);
        if (columns == 0) { for (int k = 0; k < links; k++) terms.Add(new TermFit($"link{k}.wire", 0, 0, double.NaN)); return (constants, 1, double.NaN); }
        var x = Matrix<double>.Build.Dense(wire.Count, columns);
        var y = Vector<double>.Build.Dense(wire.Count);
        for (int i = 0; i < wire.Count; i++)
        {
            x[i, present.IndexOf(wire[i].Index)] = 1;
            if (slope) x[i, columns - 1] = wire[i].SerialisationS;
            // Without a slope the frame's own serialisation is taken at face value (factor 1).
            y[i] = wire[i].Seconds - (slope ? 0 : wire[i].SerialisationS);
        }
        var beta = x.QR().Solve(y);
        double factor = slope ? Math.Clamp(beta[columns - 1], 1, 4) : 1;
        var residuals = new double[wire.Count];
        for (int i = 0; i < wire.Count; i++)
        {
            var s = wire[i];
            double fitted = beta[present.IndexOf(s.Index)] + (slope ? beta[columns - 1] * s.SerialisationS : 0);
            residuals[i] = y[i] - fitted;
        }
        double mean = y.Average();
        double total = y.Sum(v => (v - mean) * (v - mean));
        double rSquared = total > 0 ? 1 - residuals.Sum(r => r * r) / total : double.NaN;
        for (int k = 0; k < links; k++)
        {
            int j = present.IndexOf(k);
            var own = Enumerable.Range(0, wire.Count).Where(i => wire[i].Index == k).Select(i => y[i] - (slope ? factor * wire[i].SerialisationS : 0)).Order().ToArray();
            constants[k] = j < 0 || own.Length == 0 ? 0 : Math.Max(0, own.Length % 2 == 1 ? own[own.Length / 2] : (own[own.Length / 2 - 1] + own[own.Length / 2]) / 2);
            var mine = Enumerable.Range(0, wire.Count).Where(i => wire[i].Index == k).Select(i => residuals[i]).ToArray();
            terms.Add(new TermFit($"link{k}.wire", mine.Length, constants[k], mine.Length == 0 ? double.NaN : Math.Sqrt(mine.Average(r => r * r))));
        }
        terms.Add(new TermFit("wire_bytes_factor", wire.Count, factor, double.NaN));
        return (constants, factor, rSquared);
    }

    private static double Spread(IEnumerable<double> values)
    {
        var v = values.ToArray();
        return v.Length == 0 ? 0 : v.Max() - v.Min();
    }
}
