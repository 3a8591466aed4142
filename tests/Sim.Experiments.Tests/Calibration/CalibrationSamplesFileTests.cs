namespace T2CSim.Tests.Experiments.Calibration;

using T2CSim.Core;
using T2CSim.Experiments.Calibration;
using T2CSim.Experiments.Results;

/// <summary>`t2c calibrate --from-samples`: the samples file reads back as written; a bad one is a one-line error naming the line and column.</summary>
public class CalibrationSamplesFileTests
{
    private string _dir = "";

    [SetUp]
    public void Make() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), $"t2c-samples-{Environment.ProcessId}-{TestContext.CurrentContext.Test.ID}"));

    [TearDown]
    public void Remove() => Directory.Delete(_dir, true);

    private string Write(IReadOnlyList<string> header, params string[][] rows)
    {
        string path = Path.Combine(_dir, "s.samples.csv");
        CsvTable.Write(path, header, rows);
        return path;
    }

    [Test]
    public void Samples_read_back_as_written_and_a_file_without_cpu_reads_as_not_measured()
    {
        string path = Write(CalibrationSamples.Columns,
            ["Compute", "0", "0.0312", "0.0276", "0", "0", "asg-base", "1.5", "sg-lite", "0.0043", "0"],
            ["Result", "2", "0.0011", "0", "0.0055", "1", "", "", "", "", "1"]);
        var read = CalibrationSamples.Read(path);
        Assert.That(read, Has.Count.EqualTo(2));
        Assert.That(read[0], Is.EqualTo(new HopSample(HopTerm.Compute, 0, 0.0312, 0.0276, 0, 0, "asg-base", 1.5, "sg-lite", 0.0043)));
        Assert.That(read[1].Term, Is.EqualTo(HopTerm.Result));
        Assert.That(read[1].PrecedingResults, Is.EqualTo(1));
        Assert.That(read[1].Beside, Is.True);
        Assert.That(double.IsNaN(read[1].CpuS) && double.IsNaN(read[1].IdleS), Is.True);
        string old = Write(CalibrationSamples.Columns[..^2], ["Compute", "1", "0.008", "0.0109", "0", "0", "asg-base", "", ""]);
        Assert.That(double.IsNaN(CalibrationSamples.Read(old)[0].CpuS), Is.True, "before the agents measured their CPU");
        string round12 = Write(CalibrationSamples.Columns[..^1], ["Result", "1", "0.008", "0", "0", "0", "", "", "", ""]);
        Assert.That(CalibrationSamples.Read(round12)[0].Beside, Is.False, "before round 13 no result was told beside a computing worker");
        string bad = Write(CalibrationSamples.Columns, ["Result", "1", "0.008", "0", "0", "0", "", "", "", "", "yes"]);
        Assert.That(Assert.Throws<UserInputException>(() => CalibrationSamples.Read(bad))!.Field, Is.EqualTo("line 2, beside"));
    }

    [TestCase("Computed", "0", "0.03", "line 2, term")]
    [TestCase("Compute", "-1", "0.03", "line 2, index")]
    [TestCase("Compute", "0", "fast", "line 2, seconds")]
    [TestCase("Compute", "0", "1e300", "line 2, seconds")]
    public void A_bad_sample_is_refused_naming_its_line_and_column(string term, string index, string seconds, string field)
    {
        string path = Write(CalibrationSamples.Columns, [term, index, seconds, "0.0276", "0", "0", "asg-base", "", "", "", "0"]);
        var e = Assert.Throws<UserInputException>(() => CalibrationSamples.Read(path))!;
        Assert.That(e.Field, Is.EqualTo(field));
        Assert.That(e.Message, Does.Contain(path));
    }

    [Test]
    public void A_file_that_is_not_a_samples_file_is_refused()
    {
        string path = Write(["job", "model"], ["1", "sg-lite"]);
        Assert.That(Assert.Throws<UserInputException>(() => CalibrationSamples.Read(path))!.Field, Is.EqualTo("term"));
        Assert.That(Assert.Throws<UserInputException>(() => CalibrationSamples.Read(Path.Combine(_dir, "none.csv")))!.Message, Does.Contain("not found"));
        string huge = Path.Combine(_dir, "huge.csv");
        using (var f = File.Create(huge)) f.SetLength(CalibrationSamples.MaxFileBytes + 1);
        Assert.That(Assert.Throws<UserInputException>(() => CalibrationSamples.Read(huge))!.Message, Does.Contain("larger than"));
    }
}
