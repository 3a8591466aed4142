namespace T2CSim.Experiments.Calibration;

using System.Globalization;
using T2CSim.Core;
using T2CSim.Core.Domain;
using T2CSim.Hardware.Hil;

/// <summary>
/// The calibration samples of a HIL run's job traces (docs/hardware.md, "Timing"): link k's send and
/// wire (less its propagation, with the simulator's bytes x 8 / rate as the regressor), tier k's
/// queue as its receive, each stage's compute with its table time (and the CPU its worker was charged), and each result's return +
/// controller as its tier's result. Sends and results carry what ran before them on the same tier
/// (the stage's table time, the results sent before), as the agent runs them: compute, results, forward.
/// </summary>
public static class CalibrationSamples
{
    public static IEnumerable<HopSample> From(IEnumerable<JobTrace> traces, Topology topology)
    {
        var all = traces as IReadOnlyCollection<JobTrace> ?? traces.ToList();
        var idle = StageIdle.Of(all);
        var followed = StageIdle.FollowedAtOnce(all);
        foreach (var trace in all)
        {
            var payload = trace.Bytes().ToDictionary(b => b.Link, b => b.PayloadBytes);
            var items = trace.Items().Where(i => double.IsFinite(i.Seconds)).ToList();
            double Lookup(int tier) => items.FirstOrDefault(i => i.Hop == $"tier{tier}" && i.What == "lookup").Seconds;
            var resultsSent = new Dictionary<int, int>();
            var resultsOf = items.Where(i => i.Hop.StartsWith("result@tier", StringComparison.Ordinal) && i.What == "return")
                .GroupBy(i => Index(i.Hop, "result@tier".Length)).ToDictionary(g => g.Key, g => g.Count());
            double? returnS = null;
            foreach (var item in items)
            {
                if (item.Hop.StartsWith("link", StringComparison.Ordinal))
                {
                    int k = Index(item.Hop, 4);
                    var link = topology.Links[k];
                    if (item.What == "send")
                        yield return new HopSample(HopTerm.Send, k, item.Seconds, 0, k > 0 ? Lookup(k - 1) : 0, k > 0 ? resultsOf.GetValueOrDefault(k - 1) : 0);
                    else if (item.What == "wire" && payload.TryGetValue(k, out long bytes))
                        yield return new HopSample(HopTerm.Wire, k, item.Seconds - link.PropagationS, bytes * 8.0 / (link.CapacityBps - link.BackgroundBps));
                }
                else if (item.Hop.StartsWith("tier", StringComparison.Ordinal) && item.What == "compute")
                {
                    int k = Index(item.Hop, 4);
                    double lookup = Lookup(k);
                    var before = idle.TryGetValue((trace.Id, item.Hop), out var b) ? b : new StageIdle.Before(double.NaN, "");
                    double cpu = items.FirstOrDefault(i => i.Hop == item.Hop && i.What == "cpu").Seconds;
                    if (lookup > 0) yield return new HopSample(HopTerm.Compute, k, item.Seconds, lookup, Network: trace.Model, IdleS: before.IdleS, PreviousNetwork: before.PreviousModel, CpuS: cpu > 0 ? cpu : double.NaN);
                }
                else if (item.Hop.StartsWith("tier", StringComparison.Ordinal) && item.What == "queue")
                    yield return new HopSample(HopTerm.Receive, Index(item.Hop, 4), item.Seconds);
                else if (item.Hop.StartsWith("result@tier", StringComparison.Ordinal))
                {
                    if (item.What == "return") returnS = item.Seconds;
                    else if (item.What == "controller" && returnS is { } r)
                    {
                        int k = Index(item.Hop, "result@tier".Length);
                        int before = resultsSent.GetValueOrDefault(k);
                        resultsSent[k] = before + 1;
                        yield return new HopSample(HopTerm.Result, k, r + item.Seconds, 0, Lookup(k), before, Beside: followed.Contains((trace.Id, $"tier{k}")));
                        returnS = null;
                    }
                }
            }
        }
    }

    private static int Index(string hop, int from) => int.Parse(hop[from..], CultureInfo.InvariantCulture);

    /// <summary>The columns of results/calibration/NAME.samples.csv (`t2c calibrate` writes them, `--from-samples` reads them back).</summary>
    public static readonly string[] Columns = ["term", "index", "seconds", "regressor_s", "preceding_table_s", "preceding_results", "network", "idle_s", "previous_network", "cpu_s", "beside"];

    /// <summary>Largest samples file read back (a calibration of three runs writes about 0.5 MB).</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <summary>
    /// The samples of an earlier calibration (`t2c calibrate --from-samples`): refitting them needs no new
    /// run. A file without the cpu_s column (before the agents measured their CPU) reads as not measured.
    /// </summary>
    public static List<HopSample> Read(string path)
    {
        if (File.Exists(path) && new FileInfo(path).Length > MaxFileBytes) throw new UserInputException(path, null, $"larger than {MaxFileBytes >> 20} MB: not a calibration's samples");
        var (header, rows) = Results.CsvTable.Read(path);
        int Col(string name, bool required = true)
        {
            int i = Array.IndexOf(header, name);
            if (i < 0 && required) throw new UserInputException(path, name, "column missing: not a calibration's samples file");
            return i;
        }
        int term = Col("term"), index = Col("index"), seconds = Col("seconds"), regressor = Col("regressor_s"), preceding = Col("preceding_table_s"),
            results = Col("preceding_results"), network = Col("network"), idle = Col("idle_s", false), previous = Col("previous_network", false), cpu = Col("cpu_s", false),
            beside = Col("beside", false);
        var samples = new List<HopSample>(rows.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            var c = rows[r];
            string Field(string name) => $"line {r + 2}, {name}";
            if (!Enum.TryParse<HopTerm>(c[term], ignoreCase: false, out var t) || !Enum.IsDefined(t)) throw new UserInputException(path, Field("term"), $"'{c[term]}' is not a hop term ({string.Join(", ", Enum.GetNames<HopTerm>())})");
            if (!int.TryParse(c[index], NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k > 64) throw new UserInputException(path, Field("index"), $"'{c[index]}' is not a tier or link index");
            double Num(int col, string name, bool optional = false)
            {
                double v = col < 0 ? double.NaN : Results.CsvTable.ParseNum(c[col], path, Field(name));
                if (double.IsNaN(v) && optional) return v;
                if (!double.IsFinite(v) || v < -1e3 || v > 1e4) throw new UserInputException(path, Field(name), $"'{c[col]}' is not a time in seconds");
                return v;
            }
            if (!int.TryParse(c[results], NumberStyles.None, CultureInfo.InvariantCulture, out int before) || before > 1000) throw new UserInputException(path, Field("preceding_results"), $"'{c[results]}' is not a count");
            // A file without the beside column (before round 13) reads as no result beside a computing worker.
            bool isBeside = beside >= 0 && c[beside] switch
            {
                "" or "0" => false,
                "1" => true,
                _ => throw new UserInputException(path, Field("beside"), $"'{c[beside]}' is not 0 or 1"),
            };
            samples.Add(new HopSample(t, k, Num(seconds, "seconds"), Num(regressor, "regressor_s"), Num(preceding, "preceding_table_s"), before, c[network],
                Num(idle, "idle_s", optional: true), previous >= 0 ? c[previous] : "", Num(cpu, "cpu_s", optional: true), isBeside));
        }
        return samples;
    }
}
