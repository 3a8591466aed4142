namespace T2CSim.Tests.Experiments.Library;

using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

/// <summary>`dotnet pack src/Sim.Core` makes the T2CSim.Core package a researcher references: the library, its docs, its metadata.</summary>
[Category("Slow")]
public sealed class CorePackageTests
{
    [Test]
    public void SimCorePacksWithItsMetadataReadmeAndDocs()
    {
        // The build this test runs in made Sim.Core already, in the same configuration: pack it as built.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = tfm.Parent!.Name;
        string output = Path.Combine(Path.GetTempPath(), "t2c-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            var start = new ProcessStartInfo("dotnet", ["pack", Path.Combine(T2CSim.Core.ProjectPaths.RootOrThrow, "src", "Sim.Core"), "-c", configuration, "--no-build", "-o", output])
                { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.That(process.WaitForExit(TimeSpan.FromMinutes(5)), Is.True, "dotnet pack did not finish");
            Assert.That(process.ExitCode, Is.Zero, stdout.Result + stderr.Result);

            var package = Directory.GetFiles(output, "*.nupkg").Single();
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.That(entries, Does.Contain($"lib/{tfm.Name}/Sim.Core.dll").And.Contain($"lib/{tfm.Name}/Sim.Core.xml").And.Contain("README.md"));
            XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
            var nuspec = XDocument.Load(zip.GetEntry("T2CSim.Core.nuspec")!.Open()).Root!.Element(ns + "metadata")!;
            Assert.That(nuspec.Element(ns + "id")!.Value, Is.EqualTo("T2CSim.Core"));
            Assert.That(nuspec.Element(ns + "version")!.Value, Does.Match(@"^\d+\.\d+\.\d+"));
            // No license until the owners choose one (the repository has no LICENSE): the package claims none.
            Assert.That(nuspec.Element(ns + "license"), Is.Null);
            Assert.That(nuspec.Element(ns + "readme")!.Value, Is.EqualTo("README.md"));
            Assert.That(nuspec.Element(ns + "description")!.Value, Does.Contain("T2C"));
            // Managed dependencies only: the simulator stays light (no TorchSharp, no NetMQ).
            var dependencies = nuspec.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
            Assert.That(dependencies, Is.EquivalentTo(new[] { "YamlDotNet", "CsvHelper" }));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
