namespace T2CSim.Core.Scenarios;

using System.Globalization;
using T2CSim.Core.Domain;
using YamlDotNet.RepresentationModel;

/// <summary>
/// `models:` -> ModelCatalog. Each model is a lookup table (path relative to the scenario) with
/// optional accuracy overrides `accuracy: {task: {exit name: value}}`. Problems inside a table are
/// reported with the scenario field and the table's own one-line message (which names the table file).
/// </summary>
internal static class ModelsSection
{
    private static readonly string[] ModelKeys = ["name", "table", "accuracy"];

    public static ModelCatalog Bind(YamlMap top, string key, Topology topology, string directory)
    {
        var list = top.Sequence(key);
        if (list.Children.Count == 0) throw top.Error(key, "no model");
        var models = new List<ModelSpec>();
        for (int i = 0; i < list.Children.Count; i++)
        {
            var m = YamlMap.Open(top.File, YamlMap.ElementPath(top.Field(key), list.Children[i], i), list.Children[i], ModelKeys);
            string name = m.String("name");
            if (models.Any(x => x.Name == name)) throw m.Error("name", $"model {name} is listed twice");
            models.Add(BindModel(m, name, topology, directory));
        }
        return new ModelCatalog(models);
    }

    private static ModelSpec BindModel(YamlMap m, string name, Topology topology, string directory)
    {
        var path = ScenarioLoader.ResolveFile(m, "table", directory, "lookup table");
        LookupTable table;
        try { table = LookupTable.Read(path); }
        catch (UserInputException e) { throw m.Error("table", e.Message); }
        var overrides = AccuracyOverrides(m, table);
        try { return table.ToModelSpec(topology, path, overrides, name); }
        catch (UserInputException e) { throw m.Error("table", e.Message); }
    }

    /// <summary>Checks every overridden task and exit exists in the table: the table reader would ignore a typo.</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, double>>? AccuracyOverrides(YamlMap m, LookupTable table)
    {
        if (m.Optional("accuracy") is not { } node) return null;
        var tasks = table.Rows.Where(r => r.Kind == "exit").Select(r => r.Task).Distinct().ToList();
        var section = YamlMap.Open(m.File, m.Field("accuracy"), node, tasks.ToArray());
        var result = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        foreach (var task in section.Keys)
        {
            var exits = table.Rows.Where(r => r.Kind == "exit" && r.Task == task).Select(r => r.Name).ToArray();
            var byExit = YamlMap.Open(m.File, section.Field(task), section.Required(task), exits);
            var values = new Dictionary<string, double>();
            foreach (var exit in byExit.Keys)
            {
                string field = ExitField(byExit, exit);
                double accuracy = byExit.ParseDouble(field, byExit.String(exit));
                if (accuracy is < 0 or > 1) throw new UserInputException(m.File, field, $"{accuracy.ToString(CultureInfo.InvariantCulture)} is outside 0..1");
                values[exit] = accuracy;
            }
            result[task] = values;
        }
        return result;
    }

    // Exit names hold dots ("age.exit1"): bracket them as --set expects.
    private static string ExitField(YamlMap byExit, string exit) => exit.Contains('.') ? $"{byExit.Path}[{exit}]" : byExit.Field(exit);
}
