namespace T2CSim.Experiments.Calibration;

using System.Globalization;
using System.Text;
using T2CSim.Core.Domain;
using T2CSim.Core.Execution;

/// <summary>Where a calibration came from: written at the top of the testbed description it produced.</summary>
public sealed record CalibrationProvenance(string Host, string Cpu, string DateUtc, string Command, string LoadAverage, string Workload);

/// <summary>
/// Writes a fitted testbed description (testbeds/*.yaml; read by Core.Execution.TestbedLoader) with
/// its provenance and fit quality, in the file's units (milliseconds).
/// </summary>
public static class TestbedFile
{
    /// <param name="hostProbeS">The host-speed probe's CPU seconds around the calibration (TestbedDescription.HostProbeS); NaN: none written.</param>
    /// <param name="tierProbesS">Each tier's probe under its quota sampled through the calibration's runs (RunSpeedProbe) (TestbedDescription.TierProbeS); null: none written.</param>
    public static void Write(string path, string name, Topology topology, CalibrationResult fit, CalibrationProvenance provenance, double hostProbeS = double.NaN, IReadOnlyList<double>? tierProbesS = null)
    {
        var inv = CultureInfo.InvariantCulture;
        string Ms(double s) => (s * 1000).ToString("0.####", inv);
        string Q(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
        var b = new StringBuilder();
        b.AppendLine("# A testbed description written by `t2c calibrate` (docs/validation.md): execution-model terms fitted");
        b.AppendLine("# to the calibration workload's per-hop timings. Scenarios reference it with `testbed: PATH`.");
        b.AppendLine($"name: {name}");
        b.AppendLine($"description: {Q($"fitted on {provenance.Host} from {provenance.Workload}")}");
        b.AppendLine("provenance:");
        b.AppendLine($"  host: {Q(provenance.Host)}");
        b.AppendLine($"  cpu: {Q(provenance.Cpu)}");
        b.AppendLine($"  date: {Q(provenance.DateUtc)}");
        b.AppendLine($"  command: {Q(provenance.Command)}");
        b.AppendLine($"  load_average: {Q(provenance.LoadAverage)}");
        b.AppendLine($"  workload: {Q(provenance.Workload)}");
        b.AppendLine(string.Create(inv, $"  wire_r_squared: {(double.IsFinite(fit.WireRSquared) ? fit.WireRSquared.ToString("0.####", inv) : "none")}"));
        b.AppendLine("  terms:   # samples, fitted value (ms; factors, sigmas and ratios as they are), residual sd (ms); with --repeats: the runs' median, their range");
        foreach (var t in fit.Terms)
        {
            bool unitless = t.Unitless;
            string V(double v) => unitless ? v.ToString("0.####", inv) : Ms(v);
            string range = t.Pooled ? $" runs={t.Runs} pooled" : t.Runs > 1 && double.IsFinite(t.MinS) ? $" runs={t.Runs} range={V(t.MinS)}..{V(t.MaxS)}" : "";
            if (t.Refit is var (was, now)) range += string.Create(inv, $" refit: simulated/measured wall x{was:0.###} -> x{now:0.###}");
            b.AppendLine(string.Create(inv, $"    - {Q($"{t.Term}: n={t.Samples} value={V(t.ValueS)} sd={(double.IsFinite(t.ResidualSdS) ? Ms(t.ResidualSdS) : "-")}{range}")}"));
        }
        if (double.IsFinite(hostProbeS))
        {
            b.AppendLine("# The host-speed probe's CPU around the calibration: a validation run probes again and scales the stages' CPU terms.");
            b.AppendLine($"host_probe_ms: {Ms(hostProbeS)}");
        }
        if (tierProbesS is { Count: > 0 } && tierProbesS.All(double.IsFinite))
        {
            b.AppendLine("# The same probe under each tier's quota and period, sampled through the calibration's runs (RunSpeedProbe), in the tiers' order: a validation run samples each again through its run and scales that tier's stage CPU terms.");
            b.AppendLine($"tier_probe_ms: [{string.Join(", ", tierProbesS.Select(Ms))}]");
        }
        b.AppendLine("tiers:");
        for (int k = 0; k < fit.Tiers.Count; k++)
        {
            var t = fit.Tiers[k];
            b.AppendLine(string.Create(inv, $"  - {{name: {topology.Tiers[k].Name}, cpu_share: {t.CpuShare.ToString("0.######", inv)}, quota_period_ms: {Ms(t.QuotaPeriodS)}, {(t.QuotaOverrunS > 0 ? $"quota_overrun_ms: {Ms(t.QuotaOverrunS)}, " : "")}{(t.SchedulerTickS > 0 ? $"scheduler_tick_ms: {Ms(t.SchedulerTickS)}, " : "")}{(t.SchedulerTickS > 0 && double.IsFinite(t.QuotaNoticeS) ? $"quota_notice_ms: {Ms(t.QuotaNoticeS)}, " : "")}{(t.CpuWaitRatio > 0 ? $"cpu_wait_ratio: {t.CpuWaitRatio.ToString("0.####", inv)}, " : "")}receive_ms: {Ms(t.ReceiveS)}, result_ms: {Ms(t.ResultS)}, compute_factor: {t.ComputeFactor.ToString("0.####", inv)}, stage_ms: {Ms(t.StageS)}, io_share: {t.IoShare.ToString("0.####", inv)}, compute_sigma: {t.ComputeSigma.ToString("0.####", inv)}{Networks(t)}{Spread(t)}{Beside(t)}{Alone(t)}}}"));
        }
        b.AppendLine("links:");
        for (int k = 0; k < fit.Links.Count; k++)
        {
            var l = fit.Links[k];
            b.AppendLine(string.Create(inv, $"  - {{name: {topology.Links[k].Name}, send_ms: {Ms(l.SendS)}, wire_ms: {Ms(l.WireS)}, wire_bytes_factor: {l.WireBytesFactor.ToString("0.####", inv)}, in_order: {(l.InOrder ? "true" : "false")}}}"));
        }
        string Spread(TierExecution t) =>
            (t.StageSpreadS is { Count: > 0 } q ? ", stage_spread_ms: [" + string.Join(", ", q.Select(Ms)) + "]" : "")
            + (t.LongStageSpreadS is { Count: > 0 } l ? $", spread_split_ms: {Ms(t.SpreadSplitS)}, long_stage_spread_ms: [" + string.Join(", ", l.Select(Ms)) + "]" : "");
        string Beside(TierExecution t) => t.BesideIoPeriods is { Count: > 0 } p
            ? ", beside_io_periods: [" + string.Join(", ", p.Select(x => x.ToString("0.####", inv))) + "]"
            : "";
        string Alone(TierExecution t) => t.ResultAloneS is { Count: > 0 } r
            ? ", result_alone_ms: [" + string.Join(", ", r.Select(Ms)) + "]"
            : "";
        string Networks(TierExecution t) => t.NetworkFactors is { Count: > 0 } f
            ? ", network_factors: {" + string.Join(", ", f.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value.ToString("0.####", inv)}")) + "}"
            : "";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, b.ToString());
    }
}
