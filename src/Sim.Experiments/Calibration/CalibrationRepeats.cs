namespace T2CSim.Experiments.Calibration;

using T2CSim.Core.Execution;

/// <summary>
/// `t2c calibrate --repeats N`: the calibration workload run N times, each run fitted on its own
/// (CalibrationFit), and every term of the description the median of the N fits. A single run's
/// terms moved as much as the errors the validation suite measures (the cloud's factor 1.76 and 1.33
/// back to back under load), so each term's spread over the runs (min and max) is written beside it
/// in the file's provenance: a term whose range is wide is not known better than that.
/// Terms that are not fitted (shares, periods, io_share, in_order) are the same in every run.
/// </summary>
public static class CalibrationRepeats
{
    public static CalibrationResult Combine(IReadOnlyList<CalibrationResult> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("no calibration runs to combine");
        if (runs.Count == 1) return runs[0];
        double Med(Func<CalibrationResult, double> of) => CalibrationFit.Median(runs.Select(of).ToArray());
        var tiers = Enumerable.Range(0, runs[0].Tiers.Count).Select(k =>
        {
            var first = runs[0].Tiers[k];
            return first with
            {
                ReceiveS = Med(r => r.Tiers[k].ReceiveS),
                ResultS = Med(r => r.Tiers[k].ResultS),
                ComputeFactor = Med(r => r.Tiers[k].ComputeFactor),
                StageS = Med(r => r.Tiers[k].StageS),
                QuotaNoticeS = Med(r => r.Tiers[k].QuotaNoticeS),
                CpuWaitRatio = Med(r => r.Tiers[k].CpuWaitRatio),
                ComputeSigma = Med(r => r.Tiers[k].ComputeSigma),
                NetworkFactors = Networks(runs.Select(r => r.Tiers[k].NetworkFactors)),
                StageSpreadS = Spread(runs.Select(r => r.Tiers[k].StageSpreadS)),
                LongStageSpreadS = Spread(runs.Select(r => r.Tiers[k].LongStageSpreadS)),
                BesideIoPeriods = Spread(runs.Select(r => r.Tiers[k].BesideIoPeriods)),
                ResultAloneS = Spread(runs.Select(r => r.Tiers[k].ResultAloneS)),
                SpreadSplitS = runs.Any(r => r.Tiers[k].LongStageSpreadS is not null) ? CalibrationFit.Median(runs.Where(r => r.Tiers[k].LongStageSpreadS is not null).Select(r => r.Tiers[k].SpreadSplitS).ToArray()) : 0,
            };
        }).ToArray();
        var links = Enumerable.Range(0, runs[0].Links.Count).Select(k => runs[0].Links[k] with
        {
            SendS = Med(r => r.Links[k].SendS),
            WireS = Med(r => r.Links[k].WireS),
            WireBytesFactor = Med(r => r.Links[k].WireBytesFactor),
        }).ToArray();
        // Every term's line: the median value, the samples of all runs, the median residual sd, and the range.
        var terms = runs[0].Terms.Select(t =>
        {
            var same = runs.Select(r => r.Terms.FirstOrDefault(x => x.Term == t.Term)).Where(x => x is not null).Select(x => x!).ToList();
            var values = same.Select(x => x.ValueS).ToArray();
            var sds = same.Select(x => x.ResidualSdS).Where(double.IsFinite).ToArray();
            return new TermFit(t.Term, same.Sum(x => x.Samples), CalibrationFit.Median(values), sds.Length > 0 ? CalibrationFit.Median(sds) : double.NaN)
            {
                MinS = values.Min(),
                MaxS = values.Max(),
                Runs = same.Count,
            };
        }).ToList();
        return new CalibrationResult(tiers, links, Med(r => double.IsFinite(r.WireRSquared) ? r.WireRSquared : 0), terms);
    }

    /// <summary>
    /// Each quantile of the stage's spread the median of that quantile over the runs that fitted one
    /// (the medians of ascending lists ascend too); none fitted: null.
    /// </summary>
    private static double[]? Spread(IEnumerable<IReadOnlyList<double>?> runs)
    {
        var fitted = runs.Where(r => r is { Count: > 0 }).Select(r => r!).ToList();
        if (fitted.Count == 0) return null;
        int n = fitted[0].Count;
        fitted = fitted.Where(r => r.Count == n).ToList();
        return Enumerable.Range(0, n).Select(i => CalibrationFit.Median(fitted.Select(r => r[i]).ToArray())).ToArray();
    }

    /// <summary>Per network, the median of its factor over the runs that fitted one (a run without it: not counted).</summary>
    private static IReadOnlyDictionary<string, double>? Networks(IEnumerable<IReadOnlyDictionary<string, double>?> runs)
    {
        var all = runs.Where(r => r is not null).SelectMany(r => r!).GroupBy(p => p.Key, StringComparer.Ordinal).ToList();
        if (all.Count == 0) return null;
        return all.ToDictionary(g => g.Key, g => CalibrationFit.Median(g.Select(p => p.Value).ToArray()), StringComparer.Ordinal);
    }
}
