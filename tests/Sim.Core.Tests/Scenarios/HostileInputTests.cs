namespace T2CSim.Tests.Core.Scenarios;

using System.Diagnostics;
using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Tests.Core.Support;

/// <summary>
/// Hostile or mistaken input, each test written as the attack: a one-line error naming the file and
/// field within seconds, never a hang, a stack trace or memory exhaustion.
/// </summary>
public sealed class HostileInputTests
{
    private static UserInputException Refused(Func<object> load, double withinS = 5)
    {
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<UserInputException>(() => load())!;
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(withinS), "refused at once");
        Assert.That(e.Message, Does.Not.Contain("\n"));
        return e;
    }

    /// <summary>391 bytes that expand to 9^9 nodes in a complex key once printed.</summary>
    private const string AliasBomb =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" +
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n" +
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n" +
        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n? [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n: x\n";

    [Test]
    public void An_alias_bomb_in_a_key_is_refused_at_the_first_alias()
    {
        using var folder = new ScenarioFolder(AliasBomb);
        var e = Refused(() => ScenarioLoader.Load(folder.ScenarioPath));
        Assert.That(e.Message, Does.Contain("line 2").And.Contain("alias *a refused"));
    }

    [Test]
    public void An_alias_in_an_override_is_refused()
    {
        using var folder = new ScenarioFolder();
        var e = Refused(() => ScenarioLoader.Load(folder.ScenarioPath, ["controller.aggregation_period_s=*x"]));
        Assert.That(e.Message, Does.Contain("alias"));
    }

    [Test]
    public void A_complex_key_is_named_without_printing_it()
    {
        using var folder = new ScenarioFolder("? [" + string.Join(",", Enumerable.Repeat("\"aaaaaaaaaa\"", 5000)) + "]\n: x\n" + Fixtures.ScenarioYaml);
        var e = Refused(() => ScenarioLoader.Load(folder.ScenarioPath));
        Assert.That(e.Message, Does.Contain("a key must be a plain name"));
        Assert.That(e.Message.Length, Is.LessThan(300));
    }

    [TestCase("workload.multiplier=1e9")]
    [TestCase("duration_s=1e12")]
    public void A_run_too_big_for_memory_is_refused_with_the_limit_and_how_to_raise_it(string setting)
    {
        using var folder = new ScenarioFolder();
        var e = Refused(() => ScenarioLoader.Load(folder.ScenarioPath, [setting]), withinS: 2);
        Assert.That(e.Message, Does.Contain("exceed the limit of 2,000,000 requests").And.Contain("--max-requests"));
    }

    [Test]
    public void The_request_bound_is_the_profiles_peak_rate_times_the_multiplier_and_duration()
    {
        using var folder = new ScenarioFolder();
        var s = ScenarioLoader.Load(folder.ScenarioPath);
        var perHour = s.Workload.Profile.RequestsPerHour;
        // Under a day: the peak hour's rate for the whole duration.
        Assert.That(RunLimits.ExpectedRequestsBound(s.Workload, 3, 600), Is.EqualTo(3 * perHour.Max() / 3600.0 * 600).Within(1e-9));
        // Over days: whole days plus one more.
        Assert.That(RunLimits.ExpectedRequestsBound(s.Workload, 1, 10 * 86400.0), Is.EqualTo(perHour.Sum() * 11).Within(1e-6));
        // A raised limit lets the big run through.
        double bound = RunLimits.ExpectedRequestsBound(s.Workload, s.Workload.Multiplier, s.DurationS);
        Assert.DoesNotThrow(() => ScenarioLoader.Load(folder.ScenarioPath, null, new RunLimits((long)Math.Ceiling(bound))));
        Assert.Throws<UserInputException>(() => ScenarioLoader.Load(folder.ScenarioPath, null, new RunLimits((long)Math.Floor(bound) - 1)));
    }

    [Test]
    public void A_folder_or_a_device_is_named_as_such()
    {
        using var folder = new ScenarioFolder();
        Assert.That(Refused(() => ScenarioLoader.Load(folder.Directory)).Message, Does.Contain("is a folder, not a scenario file"));
        Assert.That(Refused(() => ScenarioLoader.Load("/dev/null")).Message, Does.Contain("is a device, not a scenario file"));
        Assert.That(Refused(() => T2CSim.Core.Domain.LookupTable.Read(folder.Directory)).Message, Does.Contain("is a folder, not a lookup table"));
    }

    [Test]
    public void A_binary_table_is_not_echoed_raw()
    {
        var bytes = new byte[300];
        new Random(3).NextBytes(bytes);
        bytes[5] = 0x1b; // an escape sequence would repaint the terminal
        bytes[6] = (byte)'\n';
        using var folder = new ScenarioFolder();
        File.WriteAllBytes(folder.TablePath, bytes);
        var e = Refused(() => T2CSim.Core.Domain.LookupTable.Read(folder.TablePath));
        Assert.That(e.Message.Any(c => char.IsControl(c) || c == '\uFFFD'), Is.False, e.Message);
    }

    [Test]
    public void An_oversized_table_is_refused_before_it_is_read()
    {
        using var folder = new ScenarioFolder();
        using (var f = File.Create(folder.TablePath)) f.SetLength(T2CSim.Core.Domain.LookupTable.MaxTableBytes + 1);
        Assert.That(Refused(() => T2CSim.Core.Domain.LookupTable.Read(folder.TablePath)).Message, Does.Contain("may have at most"));
    }

    [Test]
    public void Escaping_keeps_printable_text_and_marks_the_rest()
    {
        Assert.That(Printable.Escape("edge-1 ünïcode"), Is.EqualTo("edge-1 ünïcode"));
        Assert.That(Printable.Escape("a\u001b[2Jb\n\u0000"), Is.EqualTo("a\\x1b[2Jb\\x0a\\x00"));
        Assert.That(Printable.Escape(new string('x', 500), 10), Is.EqualTo("xxxxxxxxxx..."));
    }
}
