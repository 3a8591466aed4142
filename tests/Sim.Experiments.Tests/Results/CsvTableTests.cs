namespace T2CSim.Tests.Experiments.Results;

using T2CSim.Core;
using T2CSim.Experiments.Results;

/// <summary>CsvTable writes and reads back what it wrote, quoting included; bad files are one-line errors.</summary>
public sealed class CsvTableTests
{
    private string _dir = "";

    [SetUp]
    public void MakeFolder() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), $"t2c-csv-{Guid.NewGuid():N}"));

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void RoundTripKeepsTheHeaderApartFromTheRows()
    {
        string path = Path.Combine(_dir, "t.csv");
        CsvTable.Write(path, ["a", "detail", "n"], [["x", "link, then \"quoted\"", CsvTable.Num(0.1 + 0.2)], ["y", "", CsvTable.Num(double.NaN)]]);
        var (header, rows) = CsvTable.Read(path);
        Assert.That(header, Is.EqualTo(new[] { "a", "detail", "n" }));
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows[0], Is.EqualTo(new[] { "x", "link, then \"quoted\"", "0.3" }));
        Assert.That(rows[1], Is.EqualTo(new[] { "y", "", "" }));
        Assert.That(File.ReadAllText(path), Does.Not.Contain("\r"), "the same bytes on every platform");
    }

    [Test]
    public void AHeaderOnlyFileHasNoRows()
    {
        string path = Path.Combine(_dir, "h.csv");
        File.WriteAllText(path, "a,b\n");
        Assert.That(CsvTable.Read(path).Rows, Is.Empty);
    }

    [Test]
    public void RaggedRowIsRefusedWithItsLine()
    {
        string path = Path.Combine(_dir, "r.csv");
        File.WriteAllText(path, "a,b\n1,2\n3\n");
        var e = Assert.Throws<UserInputException>(() => CsvTable.Read(path))!;
        Assert.That(e.Message, Is.EqualTo($"{path}: line 3: 1 cells under a header of 2"));
    }

    [Test]
    public void EmptyAndMissingFilesAreRefused()
    {
        string empty = Path.Combine(_dir, "e.csv");
        File.WriteAllText(empty, "");
        Assert.That(Assert.Throws<UserInputException>(() => CsvTable.Read(empty))!.Problem, Is.EqualTo("the file is empty"));
        Assert.That(Assert.Throws<UserInputException>(() => CsvTable.Read(Path.Combine(_dir, "none.csv")))!.Problem, Is.EqualTo("file not found"));
    }
}
