namespace T2CSim.Core.Scenarios;

using YamlDotNet.RepresentationModel;

/// <summary>`sweep:` -> SweepSpec: {multipliers: [1, 20, ...], algorithms: [NEU, ...]}.</summary>
internal static class SweepSection
{
    public static readonly string[] Keys = ["multipliers", "algorithms"];

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
        return new SweepSpec(multipliers, algorithms);
    }
}
