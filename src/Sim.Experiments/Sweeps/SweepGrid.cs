namespace T2CSim.Experiments.Sweeps;

using T2CSim.Core;
using T2CSim.Core.Scenarios;

/// <summary>One point of a grid: a value per varied field, and the scenario with those values set.</summary>
public sealed record GridPoint(IReadOnlyList<string> Values, Scenario Scenario);

/// <summary>
/// The grid of a sweep: the cartesian product of its varied fields' values (`--vary FIELD=v1,v2` or
/// the scenario's `sweep.vary`), first field outermost, values in the order given. Each point is the
/// scenario reloaded with the point's values as `--set` overrides after the command line's own, so a
/// varied field is validated exactly like an override and names itself in any error. Without varied
/// fields the grid is one point, the scenario itself, and the sweep's files are those of a sweep of
/// multipliers alone.
/// </summary>
public sealed record SweepGrid(IReadOnlyList<VariedField> Fields, IReadOnlyList<GridPoint> Points)
{
    /// <summary>Fields a grid may not vary: the sweep's own dimensions, which it sets itself.</summary>
    /// <summary>
    /// Fields a grid may not vary: the sweep's own dimensions, which it sets itself, and the fields
    /// that already have a column of their own in runs.csv (seed, duration_s).
    /// </summary>
    private static readonly string[] Reserved = ["workload.multiplier", "repeats", "sweep", "name", "seed", "duration_s"];

    public IReadOnlyList<string> FieldNames => Fields.Select(f => f.Field).ToList();

    public static SweepGrid Single(Scenario scenario) => new([], [new GridPoint([], scenario)]);

    public static SweepGrid Of(Scenario scenario, IReadOnlyList<VariedField> fields, string where)
    {
        if (fields.Count == 0) return Single(scenario);
        foreach (var f in fields)
        {
            if (Reserved.Any(r => f.Field == r || f.Field.StartsWith(r + ".", StringComparison.Ordinal)))
                throw new UserInputException(scenario.SourcePath, $"{where} {f.Field}", "cannot be varied: the sweep sets it itself or runs.csv has a column for it (use --multipliers, --repeats, --duration, --seed)");
            if (f.Values.Count == 0) throw new UserInputException(scenario.SourcePath, $"{where} {f.Field}", "no value");
            if (f.Values.Distinct().Count() != f.Values.Count) throw new UserInputException(scenario.SourcePath, $"{where} {f.Field}", "a value is listed twice");
        }
        if (fields.Select(f => f.Field).Distinct().Count() != fields.Count)
            throw new UserInputException(scenario.SourcePath, where, "a field is varied twice");
        IEnumerable<IReadOnlyList<string>> combos = [[]];
        foreach (var f in fields)
            combos = combos.SelectMany(c => f.Values.Select(v => (IReadOnlyList<string>)[.. c, v])).ToList();
        var points = combos.Select(values => new GridPoint(values, Load(scenario, fields, values, where))).ToList();
        return new SweepGrid(fields, points);
    }

    private static Scenario Load(Scenario scenario, IReadOnlyList<VariedField> fields, IReadOnlyList<string> values, string where)
    {
        var overrides = fields.Select((f, i) => $"{f.Field}={values[i]}").ToList();
        try
        {
            return ScenarioLoader.Load(scenario.SourcePath, [.. scenario.Overrides, .. overrides]);
        }
        catch (UserInputException e)
        {
            // The value came from the grid, not from --set: name the grid (--vary or sweep.vary) and give the point.
            string point = string.Join(", ", overrides);
            string? bad = e.Field is { } f && f.StartsWith("--set ", StringComparison.Ordinal) ? f[6..] : e.Field;
            string field = bad is not null && fields.Any(v => bad == v.Field || bad.StartsWith(v.Field + ".", StringComparison.Ordinal) || bad.StartsWith(v.Field + " ", StringComparison.Ordinal))
                ? $"{where} {bad}" : bad ?? where;
            throw new UserInputException(e.File, field, $"{e.Problem} (grid point {point})", e);
        }
    }

    /// <summary>
    /// `FIELD=v1,v2,...`: the values split at commas outside brackets and quotes, so a value may be a
    /// whole list or section: `workload.latency_s={distribution: uniform, low: 0.2, high: 0.3},{...}`.
    /// </summary>
    public static VariedField Parse(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new UserInputException(null, $"--vary {text}", "expected FIELD=v1,v2,...");
        string field = text[..eq].Trim();
        var values = new List<string>();
        int depth = 0, start = eq + 1;
        char quote = '\0';
        for (int i = eq + 1; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : ',';
            if (quote != '\0') { if (c == quote && i < text.Length) quote = '\0'; continue; }
            if (c is '\'' or '"') quote = c;
            else if (c is '[' or '{') depth++;
            else if (c is ']' or '}') depth--;
            else if (c == ',' && depth == 0)
            {
                string value = text[start..i].Trim();
                if (value.Length == 0) throw new UserInputException(null, $"--vary {field}", "an empty value");
                values.Add(value);
                start = i + 1;
            }
        }
        if (quote != '\0' || depth != 0) throw new UserInputException(null, $"--vary {field}", "a bracket or quote is never closed");
        return new VariedField(field, values);
    }
}
