namespace T2CSim.Core.Workload.Places;

using System.Globalization;
using System.Text;

/// <summary>
/// A device-site CSV (`t2c sites --out`): '#' lines of provenance, then `site,latitude,longitude,requests`
/// with site = 0, 1, 2, ... in order. Coordinates are written round-trip ("R"), so reading the file
/// gives back exactly the derived sites; a topology can take them as its devices' explicit places.
/// </summary>
public static class SiteFile
{
    public const string Header = "site,latitude,longitude,requests";

    public static string ToCsv(DerivedSites sites, IEnumerable<string> comments)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        foreach (var c in comments) sb.Append("# ").Append(c).Append('\n');
        sb.Append(Header).Append('\n');
        for (int i = 0; i < sites.Sites.Count; i++)
            sb.Append(i.ToString(inv)).Append(',')
              .Append(sites.Sites[i].Latitude.ToString("R", inv)).Append(',')
              .Append(sites.Sites[i].Longitude.ToString("R", inv)).Append(',')
              .Append(sites.Requests[i].ToString(inv)).Append('\n');
        return sb.ToString();
    }

    public static IReadOnlyList<GeoPoint> Read(string path)
    {
        InputFile.Check(path, "site file", 64 << 20);
        return Parse(File.ReadAllLines(path), path);
    }

    public static IReadOnlyList<GeoPoint> Parse(IReadOnlyList<string> lines, string source)
    {
        var sites = new List<GeoPoint>();
        bool header = false;
        for (int n = 0; n < lines.Count; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!header)
            {
                if (!line.StartsWith("site,latitude,longitude", StringComparison.Ordinal))
                    throw new UserInputException(source, "header", $"expected '{Header}', got '{Printable.Escape(line, 80)}'");
                header = true;
                continue;
            }
            var cells = line.Split(',');
            string where = $"line {n + 1}";
            if (cells.Length < 3) throw new UserInputException(source, where, $"{cells.Length} cells where a site has at least 3");
            if (!int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int site) || site != sites.Count)
                throw new UserInputException(source, $"{where} site", $"'{cells[0]}' is not {sites.Count} (sites are numbered 0, 1, 2, ... in order)");
            var point = new GeoPoint(Number(cells[1], source, $"{where} latitude"), Number(cells[2], source, $"{where} longitude"));
            if (!point.OnGlobe) throw new UserInputException(source, where, $"({point.Latitude}, {point.Longitude}) is not on the globe");
            sites.Add(point);
        }
        if (sites.Count == 0) throw new UserInputException(source, "header", "the site file lists no site");
        return sites;
    }

    private static double Number(string text, string source, string field) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v : throw new UserInputException(source, field, $"'{text}' is not a number");
}
