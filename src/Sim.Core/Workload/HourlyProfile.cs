namespace T2CSim.Core.Workload;

using System.Globalization;
using System.Text;

/// <summary>
/// The arrival rate of a 311 trace for each hour of the day, in requests per hour, averaged over the
/// days the trace covers (ProfileDerivation). The request generator scales it by the scenario's
/// multiplier. Stored as a small CSV under traces/ whose '#' lines record how it was derived.
/// </summary>
public sealed class HourlyProfile
{
    public const string Header = "hour,requests_per_hour,requests,covered_hours";

    private readonly double[] _rates;

    public HourlyProfile(IReadOnlyList<double> requestsPerHour, IReadOnlyList<string>? comments = null)
    {
        if (requestsPerHour.Count != 24) throw new ArgumentException($"an hourly profile has 24 rates, got {requestsPerHour.Count}");
        foreach (var r in requestsPerHour)
            if (!double.IsFinite(r) || r < 0) throw new ArgumentException($"rate {r} is not a non-negative number");
        _rates = requestsPerHour.ToArray();
        Comments = comments ?? [];
    }

    /// <summary>Requests per hour for hours of day 0..23.</summary>
    public IReadOnlyList<double> RequestsPerHour => _rates;
    public IReadOnlyList<string> Comments { get; }

    /// <summary>Mean of the 24 hourly rates: the daily volume / 24.</summary>
    public double MeanRequestsPerHour => _rates.Average();

    /// <summary>Rate in requests per second during hour of day `hour` (wrapped to 0..23).</summary>
    public double RatePerSecond(int hour) => _rates[((hour % 24) + 24) % 24] / 3600.0;

    public static HourlyProfile Read(string path)
    {
        InputFile.Check(path, "hourly profile", 1 << 20);
        return Parse(File.ReadAllLines(path), path);
    }

    public static HourlyProfile Parse(IReadOnlyList<string> lines, string source)
    {
        var rates = new double[24];
        var seen = new bool[24];
        var comments = new List<string>();
        bool header = false;
        for (int n = 0; n < lines.Count; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith('#')) { comments.Add(line.TrimStart('#').Trim()); continue; }
            if (!header)
            {
                if (!line.StartsWith("hour,requests_per_hour", StringComparison.Ordinal))
                    throw new UserInputException(source, "header", $"expected 'hour,requests_per_hour,...', got '{line}'");
                header = true;
                continue;
            }
            var cells = line.Split(',');
            string where = $"line {n + 1}";
            if (!int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int hour) || hour is < 0 or > 23)
                throw new UserInputException(source, $"{where} hour", $"'{cells[0]}' is not an hour 0..23");
            if (seen[hour]) throw new UserInputException(source, $"{where} hour", $"hour {hour} appears twice");
            if (cells.Length < 2 || !double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !double.IsFinite(rate) || rate < 0)
                throw new UserInputException(source, $"{where} requests_per_hour", $"'{(cells.Length < 2 ? "" : cells[1])}' is not a non-negative rate");
            rates[hour] = rate;
            seen[hour] = true;
        }
        if (!header) throw new UserInputException(source, "header", "the profile is empty");
        int missing = Array.IndexOf(seen, false);
        if (missing >= 0) throw new UserInputException(source, $"hour {missing}", "missing (a profile lists hours 0..23)");
        return new HourlyProfile(rates, comments);
    }

    /// <summary>CSV text; requests and covered hours are written when the derivation is known.</summary>
    public string ToCsv(ProfileDerivation? derivation = null)
    {
        var sb = new StringBuilder();
        foreach (var c in Comments) sb.Append("# ").Append(c).Append('\n');
        sb.Append(Header).Append('\n');
        for (int h = 0; h < 24; h++)
        {
            sb.Append(h.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(_rates[h].ToString("0.####", CultureInfo.InvariantCulture)).Append(',');
            if (derivation is not null)
                sb.Append(derivation.Requests[h].ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append(derivation.CoveredHours[h].ToString("0.####", CultureInfo.InvariantCulture));
            else sb.Append(',');
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
