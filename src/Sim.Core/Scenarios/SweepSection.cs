namespace T2CSim.Core.Scenarios;

using YamlDotNet.RepresentationModel;

/// <summary>
/// `sweep:` -> SweepSpec: {multipliers: [1, 20, ...], algorithms: [NEU, ...], vary: {FIELD: [v1, v2], ...}}.
/// `vary` is optional; its keys are `--set` paths (checked when the sweep loads each grid point).
/// </summary>
internal static class SweepSection
{
    public static readonly string[] Keys = ["multipliers", "algorithms", "vary"];

    public static SweepSpec? Bind(YamlMap? s)
    {
        if (s is null) return null;
        var multipliers = new List<double>();
        var list = s.Sequence("multipliers");
        for (int i = 0; i < list.Children.Count; i++)
        {
            string field = $"{s.Field("multipliers")}.{i}";
            double m = s.ParseDouble(field, (list.Children[i] as YamlScalarNode)?.Value ?? "");
            if (!(m > 0)) throw new UserInputException(s.File, field, $"{m}: a multiplier must be positive");
            multipliers.Add(m);
        }
        if (multipliers.Count == 0) throw s.Error("multipliers", "no multiplier");
        var algorithms = new List<string>();
        var names = s.Sequence("algorithms");
        for (int i = 0; i < names.Children.Count; i++)
        {
            string field = $"{s.Field("algorithms")}.{i}";
            if (names.Children[i] is not YamlScalarNode { Value: { Length: > 0 } name }) throw new UserInputException(s.File, field, "expected an algorithm name");
            if (algorithms.Contains(name)) throw new UserInputException(s.File, field, $"{name} is listed twice");
            algorithms.Add(name);
        }
        if (algorithms.Count == 0) throw s.Error("algorithms", "no algorithm");
        return new SweepSpec(multipliers, algorithms) { Vary = BindVary(s) };
    }

    private static List<VariedField> BindVary(YamlMap s)
    {
        var vary = new List<VariedField>();
        if (s.Optional("vary") is not { } node) return vary;
        if (node is not YamlMappingNode map) throw s.Error("vary", $"expected a section FIELD: [values], got {YamlMap.Describe(node)}");
        foreach (var (key, valueNode) in map.Children)
        {
            string field = (key as YamlScalarNode)?.Value ?? "";
            string at = s.Field("vary") + "." + field;
            if (field.Length == 0) throw new UserInputException(s.File, s.Field("vary"), "empty field name");
            if (valueNode is not YamlSequenceNode values || values.Children.Count == 0)
                throw new UserInputException(s.File, at, "expected a non-empty list of values");
            vary.Add(new VariedField(field, values.Children.Select(FlowYaml.Of).ToList()));
        }
        return vary;
    }
}
