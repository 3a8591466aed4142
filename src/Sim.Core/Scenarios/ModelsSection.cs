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
    private static readonly string[] ModelKeys = ["name", "table", "accuracy", "on"];

    public static ModelCatalog Bind(YamlMap top, string key, Topology topology, string directory)
    {
        var list = top.Sequence(key);
        if (list.Children.Count == 0) throw top.Error(key, "no model");
        var models = new List<ModelSpec>();
        for (int i = 0; i < list.Children.Count; i++)
        {
            var m = YamlMap.Open(top.File, YamlMap.ElementPath(top.Field(key), list.Children[i], i), list.Children[i], ModelKeys);
            string name = m.String("name");
            if (models.Any(x => x.Base == name)) throw m.Error("name", $"model {name} is listed twice");
            if (name.Contains('@')) throw m.Error("name", $"'{Printable.Escape(name)}': '@' joins a model to its device (model@device) and cannot be in a name");
            models.AddRange(BindModel(m, name, topology, directory));
        }
        return new ModelCatalog(models);
    }

    /// <summary>
    /// The model's instances: in the chain the model itself (bound to no path: the chain's one device);
    /// in a tree one instance per device it is `on` (default: every device), named model@device, running
    /// along that device's path. Instances whose paths have the same node classes and speeds share one
    /// ModelSpec's tasks (docs/topology.md): 10,000 devices of three classes build three.
    /// </summary>
    private static IEnumerable<ModelSpec> BindModel(YamlMap m, string name, Topology topology, string directory)
    {
        var path = ScenarioLoader.ResolveFile(m, "table", directory, "lookup table");
        LookupTable table;
        try { table = LookupTable.Read(path); }
        catch (UserInputException e) { throw m.Error("table", e.Message); }
        var overrides = AccuracyOverrides(m, table);
        var devices = Devices(m, topology);
        if (topology.IsChain) return [Spec(m, () => table.ToModelSpec(topology, path, overrides, name))];
        var byTuple = new Dictionary<string, ModelSpec>(StringComparer.Ordinal);
        var instances = new List<ModelSpec>(devices.Count);
        foreach (int d in devices)
        {
            var devicePath = topology.Paths[d];
            var pathNodes = devicePath.Nodes.Select(n => topology.Nodes[n]).ToArray();
            string key = string.Join('\0', pathNodes.Select(n => $"{n.ClassName}\u0001{n.Speed.ToString("R", CultureInfo.InvariantCulture)}"));
            if (!byTuple.TryGetValue(key, out var template))
                byTuple[key] = template = Spec(m, () => table.ToModelSpec(pathNodes, path, overrides, name));
            instances.Add(template.At($"{name}@{topology.Nodes[devicePath.Device].Name}", devicePath));
        }
        return instances;
    }

    private static ModelSpec Spec(YamlMap m, Func<ModelSpec> build)
    {
        try { return build(); }
        catch (UserInputException e) { throw m.Error("table", e.Message); }
    }

    /// <summary>`on:` the devices (indices into Topology.Paths) the model watches: "every device" (the default) or a list of device names.</summary>
    private static IReadOnlyList<int> Devices(YamlMap m, Topology topology)
    {
        var every = Enumerable.Range(0, topology.Paths.Count).ToArray();
        if (m.Optional("on") is not { } node) return every;
        if (node is YamlScalarNode scalar)
            return scalar.Value == "every device" ? every : throw m.Error("on", $"'{Printable.Escape(scalar.Value ?? "")}' is not 'every device' or a list of devices");
        var list = m.Sequence("on");
        if (list.Children.Count == 0) throw m.Error("on", "no device");
        var devices = new List<int>();
        for (int i = 0; i < list.Children.Count; i++)
        {
            string field = $"{m.Field("on")}.{i}";
            if (list.Children[i] is not YamlScalarNode s) throw new UserInputException(m.File, field, "expected a device name");
            string name = s.Value ?? "";
            int at = topology.TierIndex(name);
            if (at < 0 || topology.Nodes[at].Name != name) throw new UserInputException(m.File, field, $"no node named '{Printable.Escape(name)}'");
            int device = topology.PathIndexOfNode(at);
            if (device < 0) throw new UserInputException(m.File, field, $"node {name} has no sensor: a model watches a device's sensor (add it to topology.sensors)");
            if (devices.Contains(device)) throw new UserInputException(m.File, field, $"device {name} is listed twice");
            devices.Add(device);
        }
        return devices;
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
