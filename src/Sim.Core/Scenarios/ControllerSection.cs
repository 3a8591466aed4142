namespace T2CSim.Core.Scenarios;

using T2CSim.Core.Controller;
using T2CSim.Core.Planning;

/// <summary>`controller:` -> ControllerSettings; an omitted key keeps the thesis default.</summary>
internal static class ControllerSection
{
    public static readonly string[] Keys =
    [
        "aggregation_period_s", "reconfiguration_period_s", "scaling_window_s", "deployment_time_s",
        "reconfiguration_downtime_s", "reconfiguration_threshold", "idle_timeout_s", "status_report_period_s",
        "queue_timeout_s", "link_scaling",
        "reconfiguration_mechanism", "pause_resume_downtime_s", "switching_time_s",
        "aggregation_period_min_s", "aggregation_period_max_s", "aggregation_requests_per_plan",
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
        var mechanism = c.OptionalString("reconfiguration_mechanism") switch
        {
            null => defaults.ReconfigurationMechanism,
            "hold" => ReconfigurationMechanism.Hold,
            "pause_resume" => ReconfigurationMechanism.PauseResume,
            "switching" => ReconfigurationMechanism.Switching,
            var other => throw c.Error("reconfiguration_mechanism", $"'{other}': valid values are hold, pause_resume, switching"),
        };
        double periodMin = Positive("aggregation_period_min_s", defaults.AggregationPeriodMinS);
        double periodMax = Positive("aggregation_period_max_s", defaults.AggregationPeriodMaxS);
        if (periodMax < periodMin) throw c.Error("aggregation_period_max_s", $"{periodMax} is below aggregation_period_min_s ({periodMin})");
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
            ReconfigurationMechanism = mechanism,
            PauseResumeDowntimeS = NonNegative("pause_resume_downtime_s", defaults.PauseResumeDowntimeS),
            SwitchingTimeS = NonNegative("switching_time_s", defaults.SwitchingTimeS),
            AggregationPeriodMinS = periodMin,
            AggregationPeriodMaxS = periodMax,
            AggregationRequestsPerPlan = Positive("aggregation_requests_per_plan", defaults.AggregationRequestsPerPlan),
        };
    }
}
