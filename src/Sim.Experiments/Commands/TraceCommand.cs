namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using System.Globalization;
using T2CSim.Core.Workload;
using T2CSim.Experiments.Cli;

/// <summary>
/// `t2c trace FILE [--timestamp-column C --timestamp-format F] [--out PATH]`: derives the hourly
/// arrival-rate profile of a 311 trace, prints it, and with --out writes the profile CSV that
/// scenarios reference, headed by the exact command that derived it.
/// </summary>
public sealed class TraceCommand : ICliCommand
{
    public Command Build()
    {
        var file = new Argument<string>("file") { Description = "A 311 service-request CSV (LA CreatedDate and NYC created_date are recognised)." };
        var column = new Option<string?>("--timestamp-column") { Description = "Column holding the creation time, for other formats." };
        var format = new Option<string?>("--timestamp-format") { Description = "Its .NET exact format (e.g. \"MM/dd/yyyy hh:mm:ss tt\") or iso8601." };
        var output = new Option<string?>("--out") { Description = "Write the hourly profile CSV here." };
        var command = new Command("trace", "Derive the hourly arrival-rate profile (requests per hour of day) of a 311 trace.");
        command.Arguments.Add(file);
        command.Options.Add(column);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            var options = new TraceOptions(parse.GetValue(column), parse.GetValue(format));
            var trace = TraceReader.Read(path, options);
            var derivation = ProfileDerivation.FromTrace(trace);
            Print(derivation, trace);
            if (parse.GetValue(output) is { } outPath)
            {
                var profile = derivation.ToProfile(Provenance(derivation, trace, path, options, outPath));
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
                File.WriteAllText(outPath, profile.ToCsv(derivation));
                Console.WriteLine($"wrote {outPath}");
            }
        });
        return command;
    }

    private static void Print(ProfileDerivation d, Trace trace)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"{trace.Source}: {d.Rows} requests ({trace.TimestampColumn}, {trace.TimestampFormat}), {d.First:yyyy-MM-dd HH:mm:ss} to {d.Last:yyyy-MM-dd HH:mm:ss}");
        Console.WriteLine(string.Create(inv, $"span {d.SpanHours:0.###} h, {d.DistinctClockHours} clock hours with requests, {d.Rows / d.SpanHours:0.##} requests/hour over the span"));
        Console.WriteLine("hour  requests  covered_h  requests_per_hour");
        for (int h = 0; h < 24; h++)
        {
            var rate = d.CoveredHours[h] > 0 ? d.Rate(h).ToString("0.##", inv) : "-";
            Console.WriteLine(string.Create(inv, $"{h,4}  {d.Requests[h],8}  {d.CoveredHours[h],9:0.###}  {rate,17}"));
        }
        if (!d.CoversWholeDay) Console.WriteLine("the trace does not cover every hour of the day: no daily profile can be written from it");
    }

    private static List<string> Provenance(ProfileDerivation d, Trace trace, string path, TraceOptions options, string outPath)
    {
        var command = $"t2c trace {path}";
        if (options.TimestampColumn is { } c) command += $" --timestamp-column \"{c}\"";
        if (options.TimestampFormat is { } f) command += $" --timestamp-format \"{f}\"";
        command += $" --out {outPath}";
        return
        [
            $"derived-by: {command}",
            $"source: {Path.GetFileName(trace.Source)}, {d.Rows} requests, {trace.TimestampColumn} from {d.First:yyyy-MM-dd HH:mm:ss} to {d.Last:yyyy-MM-dd HH:mm:ss}",
            "rate(h) = requests created in hour h of the day / hours of hour h covered by [first, last] (partial first and last hours count in part)",
        ];
    }
}
