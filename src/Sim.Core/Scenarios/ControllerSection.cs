namespace T2CSim.Core.Scenarios;

using T2CSim.Core.Controller;

/// <summary>`controller:` -> ControllerSettings; an omitted key keeps the thesis default.</summary>
internal static class ControllerSection
{
    public static readonly string[] Keys =
    [
        "aggregation_period_s", "reconfiguration_period_s", "scaling_window_s", "deployment_time_s",
        "reconfiguration_downtime_s", "reconfiguration_threshold", "idle_timeout_s", "status_report_period_s",
        "queue_timeout_s", "link_scaling",
    ];

    public static ControllerSettings Bind(YamlMap? c)
    {
        var defaults = new ControllerSettings();
        if (c is null) return defaults;
        double Positive(string key, double fallback)
        {
            double v = c.Double(key, fallback);
            return v > 0 ? v : throw c.Error(key, $"{v}: a period must be positive");
        }
        double NonNegative(string key, double fallback)
        {
            double v = c.Double(key, fallback);
            return v >= 0 ? v : throw c.Error(key, $"{v}: a time cannot be negative");
        }
        double threshold = c.Double("reconfiguration_threshold", defaults.ReconfigurationThreshold);
        if (threshold is < 0 or > 1) throw c.Error("reconfiguration_threshold", $"{threshold} is a satisfied ratio outside 0..1");
        return new ControllerSettings
        {
            AggregationPeriodS = Positive("aggregation_period_s", defaults.AggregationPeriodS),
            ReconfigurationPeriodS = Positive("reconfiguration_period_s", defaults.ReconfigurationPeriodS),
            ScalingWindowS = Positive("scaling_window_s", defaults.ScalingWindowS),
            DeploymentTimeS = NonNegative("deployment_time_s", defaults.DeploymentTimeS),
            ReconfigurationDowntimeS = NonNegative("reconfiguration_downtime_s", defaults.ReconfigurationDowntimeS),
            ReconfigurationThreshold = threshold,
            IdleTimeoutS = NonNegative("idle_timeout_s", defaults.IdleTimeoutS),
            StatusReportPeriodS = Positive("status_report_period_s", defaults.StatusReportPeriodS),
            QueueTimeoutS = NonNegative("queue_timeout_s", defaults.QueueTimeoutS),
            LinkScaling = c.Bool("link_scaling", defaults.LinkScaling),
        };
    }
}
