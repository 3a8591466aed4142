namespace T2CSim.Tests.Experiments.Library;

using T2CSim.Core;
using T2CSim.Core.Controller;
using T2CSim.Core.Extensions;
using T2CSim.Core.Metrics;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;
using T2CSim.Tests.Experiments.Support;

/// <summary>
/// A registered metric becomes the last column of runs.csv and gets its mean and CI in summary.csv;
/// the columns before it are untouched. Plugins that cannot be loaded are one-line errors.
/// </summary>
public sealed class RegisteredMetricFilesTests
{
    /// <summary>Requests that rode on a deployed model, per request served: from the records alone.</summary>
    private sealed class HitchhikedPerServed : IRunMetric
    {
        public string Name => "hitchhiked_per_served";

        public double Compute(FinishedRun run)
        {
            int served = run.Log.Requests.Count(r => r.Outcome == RequestOutcome.Served);
            return served == 0 ? double.NaN : (double)run.Log.Requests.Count(r => r.Attachment == Attachment.Hitchhiked) / served;
        }
    }

    private sealed class Shadow : IRunMetric
    {
        public string Name => "served";
        public double Compute(FinishedRun run) => 0;
    }

    [Test]
    public void ARegisteredMetricIsTheLastColumnOfRunsAndIsSummarised()
    {
        using var fixture = new SweepFixture();
        var plan = fixture.Plan();
        string before = fixture.Output("before"), after = fixture.Output("after");
        SweepJob.Execute(plan, before, parallel: 2, plots: false, plainProgress: TextWriter.Null);
        using (MetricCatalog.Register(new HitchhikedPerServed()))
            SweepJob.Execute(plan, after, parallel: 2, plots: false, plainProgress: TextWriter.Null);

        var plain = Table.Read(Path.Combine(before, SweepFiles.Runs));
        var extended = Table.Read(Path.Combine(after, SweepFiles.Runs));
        Assert.That(extended.Header, Is.EqualTo(plain.Header.Append("hitchhiked_per_served")));
        for (int i = 0; i < plain.Rows.Count; i++)
        {
            Assert.That(extended.Rows[i].Take(plain.Header.Count), Is.EqualTo(plain.Rows[i]), "the built-in columns are untouched");
            double served = plain.Number(plain.Rows[i], "served"), hitchhiked = plain.Number(plain.Rows[i], "hitchhiked");
            double value = extended.Number(extended.Rows[i], "hitchhiked_per_served");
            if (served == 0) Assert.That(value, Is.NaN);
            else Assert.That(value, Is.EqualTo(hitchhiked / served).Within(1e-6), "derivable from the run's own columns");
        }
        var summary = SummaryTable.Read(Path.Combine(after, SweepFiles.Summary));
        Assert.That(summary.Count(s => s.Metric == "hitchhiked_per_served"), Is.EqualTo(summary.Count(s => s.Metric == "served")));
        Assert.That(MetricCatalog.Names, Is.Empty, "the registration ended with its scope");
    }

    [Test]
    public void AMetricNamedLikeABuiltInColumnIsOneLineError()
    {
        using var fixture = new SweepFixture();
        using var registration = MetricCatalog.Register(new Shadow());
        var run = SweepRunner.RunCell(fixture.Plan(), fixture.Plan().Cells[0]);
        var e = Assert.Throws<UserInputException>(() => RunFiles.SummaryColumns(run.Summary));
        Assert.That(e!.Message, Is.EqualTo("metric: 'served' is already a column of summary.csv"));
    }

    [Test]
    public void PluginsThatCannotBeLoadedAreOneLineErrorsNamingTheFile()
    {
        string folder = Path.Combine(Path.GetTempPath(), "t2c-plugin-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string missing = Path.Combine(folder, "missing.dll");
            Assert.That(Assert.Throws<UserInputException>(() => PluginLoader.Load(missing))!.Message, Is.EqualTo($"{missing}: plugin assembly not found"));

            string text = Path.Combine(folder, "text.dll");
            File.WriteAllText(text, "not an assembly");
            Assert.That(Assert.Throws<UserInputException>(() => PluginLoader.Load(text))!.Message, Does.StartWith($"{text}: not a .NET assembly"));

            // A real assembly with no IExtension class: one of t2c's own dependencies.
            string noExtension = Path.Combine(AppContext.BaseDirectory, "YamlDotNet.dll");
            Assert.That(Assert.Throws<UserInputException>(() => PluginLoader.Load(noExtension))!.Message,
                Is.EqualTo($"{noExtension}: no public class implements IExtension"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
