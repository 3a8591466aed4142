namespace T2CSim.Experiments.Results;

using T2CSim.Core.Metrics;
using static T2CSim.Experiments.Results.CsvTable;

/// <summary>
/// devices.csv: a row per device (DeviceOutcomes), the summary's outcome columns split by the device
/// whose sensor the request came from, so per-device conservation and service can be read without
/// parsing requests.csv's instance names (docs/topology.md, "Commands on graph scenarios").
/// </summary>
public static class DeviceFiles
{
    public const string FileName = "devices.csv";

    public static readonly string[] Header =
    [
        "device", "class", "models", "arrived", "served", "missed", "missed_latency", "missed_accuracy",
        "unserved", "unserved_queued", "unserved_unfinished", "unserved_lost", "satisfied_ratio", "mean_latency_s",
    ];

    public static IReadOnlyList<string> Row(DeviceOutcome d) =>
    [
        d.Device, d.Class, Num(d.Instances), Num(d.Arrived), Num(d.Counts.Served), Num(d.Counts.Missed), Num(d.Counts.MissedLatency), Num(d.Counts.MissedAccuracy),
        Num(d.Counts.Unserved), Num(d.Counts.UnservedQueued), Num(d.Counts.UnservedUnfinished), Num(d.Counts.UnservedLost), Num(d.SatisfiedRatio), Num(d.MeanLatencyS),
    ];

    public static void Write(string path, IEnumerable<DeviceOutcome> devices) => CsvTable.Write(path, Header, devices.Select(Row));
}
