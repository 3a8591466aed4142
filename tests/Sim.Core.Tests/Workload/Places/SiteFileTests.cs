namespace T2CSim.Tests.Core.Workload.Places;

using T2CSim.Core;
using T2CSim.Core.Workload.Places;

public sealed class SiteFileTests
{
    [TestCase("la-sites-100.csv", "la-311-2017-12-subset.csv", 100)]
    [TestCase("nyc-sites-10.csv", "nyc-311-2024-05-sample.csv", 10)]
    public void CommittedSitesAreTheDerivedOnes(string committed, string trace, int count)
    {
        var path = ProjectPaths.InRoot("traces", committed);
        var points = TraceCoordinateReader.Read(TraceCoordinateTests.SharedTrace(trace)).Points.Select(p => p.Location).ToArray();
        var derived = KMeansSites.Derive(points, count);
        // Round-trip formatting: the file gives back the derived doubles exactly.
        Assert.That(SiteFile.Read(path), Is.EqualTo(derived.Sites));
        var lines = File.ReadAllLines(path);
        Assert.That(lines[0], Is.EqualTo($"# derived-by: t2c sites ../shared/data/traces/{trace} --count {count} --out traces/{committed}"));
        Assert.That(lines.Where(l => !l.StartsWith('#')).Skip(1).Sum(l => int.Parse(l.Split(',')[3])), Is.EqualTo(points.Length), "every located row counted at one site");
    }

    [TestCase("site,latitude,longitude\n0,1,2\n2,1,2\n", "f.csv: line 3 site: '2' is not 1 (sites are numbered 0, 1, 2, ... in order)")]
    [TestCase("site,latitude,longitude\n0,north,2\n", "f.csv: line 2 latitude: 'north' is not a number")]
    [TestCase("site,latitude,longitude\n0,95,2\n", "f.csv: line 2: (95, 2) is not on the globe")]
    [TestCase("site,latitude,longitude\n0,1\n", "f.csv: line 2: 2 cells where a site has at least 3")]
    [TestCase("lat,lon\n", "f.csv: header: expected 'site,latitude,longitude,requests', got 'lat,lon'")]
    [TestCase("# only a comment\n", "f.csv: header: the site file lists no site")]
    public void BadSiteFilesAreOneLineErrors(string text, string message)
    {
        var e = Assert.Throws<UserInputException>(() => SiteFile.Parse(text.Split('\n'), "f.csv"))!;
        Assert.That(e.Message, Is.EqualTo(message));
    }

    [Test]
    public void AMissingOrHugeSiteFileIsRefusedBeforeItIsRead()
    {
        string folder = Path.Combine(Path.GetTempPath(), "t2c-sitefile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string missing = Path.Combine(folder, "none.csv");
            var gone = Assert.Throws<UserInputException>(() => SiteFile.Read(missing))!;
            Assert.That(gone.Message, Is.EqualTo($"{missing}: site file not found"));

            // A sparse file over the limit: refused from its length, never read into memory.
            string huge = Path.Combine(folder, "huge.csv");
            using (var f = File.Create(huge)) f.SetLength((64L << 20) + 1);
            var big = Assert.Throws<UserInputException>(() => SiteFile.Read(huge))!;
            Assert.That(big.Message, Does.StartWith($"{huge}: 67,108,865 bytes: a site file may have at most 67,108,864 bytes"));
        }
        finally { Directory.Delete(folder, true); }
    }
}
