namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using System.Globalization;
using T2CSim.Core;
using T2CSim.Core.Workload;
using T2CSim.Core.Workload.Places;
using T2CSim.Experiments.Cli;

/// <summary>
/// `t2c sites FILE --count N [--seed S] [--out PATH]`: places N devices where a 311 trace's located
/// requests are (KMeansSites), prints the coordinate cleaning and the fit, and with --out writes the
/// site CSV (SiteFile) headed by the exact command that derived it.
/// </summary>
public sealed class SitesCommand : ICliCommand
{
    public Command Build()
    {
        var file = new Argument<string>("file") { Description = "A 311 service-request CSV with coordinates (LA Latitude/Longitude and NYC latitude/longitude are recognised)." };
        var count = new Option<int>("--count") { Description = "Number of device sites.", Required = true };
        var seed = new Option<long>("--seed") { Description = "k-means++ seed.", DefaultValueFactory = _ => KMeansSites.DefaultSeed };
        var column = new Option<string?>("--timestamp-column") { Description = "Column holding the creation time, for other formats." };
        var format = new Option<string?>("--timestamp-format") { Description = "Its .NET exact format or iso8601." };
        var lat = new Option<string?>("--latitude-column") { Description = "Column holding the latitude, for other formats." };
        var lon = new Option<string?>("--longitude-column") { Description = "Column holding the longitude, for other formats." };
        var output = new Option<string?>("--out") { Description = "Write the site CSV here." };
        var command = new Command("sites", "Place N devices where a 311 trace's requests are (seeded k-means++ on the projected coordinates).")
            { file, count, seed, column, format, lat, lon, output };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            int n = parse.GetValue(count);
            if (n < 1) throw new UserInputException(null, "--count", $"{n}: at least one site");
            var options = new TraceOptions(parse.GetValue(column), parse.GetValue(format), parse.GetValue(lat), parse.GetValue(lon));
            var trace = TraceCoordinateReader.Read(path, options);
            Console.WriteLine($"{trace.Source}: {trace.Summary}");
            DerivedSites sites;
            try { sites = KMeansSites.Derive(trace.Points.Select(p => p.Location).ToArray(), n, parse.GetValue(seed)); }
            catch (ArgumentException e) { throw new UserInputException(path, "--count", e.Message); }
            var fit = Fit(sites);
            Console.WriteLine(fit);
            if (parse.GetValue(output) is { } outPath)
            {
                var derivedBy = $"t2c sites {path} --count {n}" + (sites.Seed != KMeansSites.DefaultSeed ? $" --seed {sites.Seed}" : "")
                    + Named("--timestamp-column", options.TimestampColumn) + Named("--timestamp-format", options.TimestampFormat)
                    + Named("--latitude-column", options.LatitudeColumn) + Named("--longitude-column", options.LongitudeColumn) + $" --out {outPath}";
                string[] comments = [$"derived-by: {derivedBy}", $"source: {Path.GetFileName(trace.Source)}, {trace.Summary}", fit,
                                     "requests = located rows of the trace nearest to the site"];
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
                File.WriteAllText(outPath, SiteFile.ToCsv(sites, comments));
                Console.WriteLine($"wrote {outPath}");
            }
        });
        return command;
    }

    private static string Named(string option, string? value) => value is null ? "" : $" {option} \"{value}\"";

    private static string Fit(DerivedSites s)
    {
        var sorted = s.Requests.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"k-means++ seed {s.Seed}, {s.Iterations} Lloyd iterations ({(s.Converged ? "converged" : $"stopped at the cap of {KMeansSites.DefaultIterationCap}")}), " +
            $"projection around latitude {s.Projection.ReferenceLatitude:0.####}, mean distance to the nearest site {s.MeanDistanceKm:0.###} km, " +
            $"requests per site min {sorted[0]} median {sorted[sorted.Length / 2]} max {sorted[^1]}");
    }
}
