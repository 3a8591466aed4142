namespace T2CSim.Core.Scenarios;

using System.Globalization;
using YamlDotNet.RepresentationModel;

/// <summary>
/// `--set key.path=value` overrides, applied to the YAML tree before binding so that any field can
/// be overridden and is validated exactly like one written in the file. A path walks sections by key
/// and lists by an element's `name` (or its 0-based index): `topology.links.edge_cloud.capacity_mbps=20`.
/// A key holding dots is bracketed: `models.m.accuracy.age[age.exit1]=0.7`. The value is YAML, so
/// `sweep.multipliers=[40,80]` sets a list. A missing key is added (binding then refuses it if it is
/// not a field); a missing list element is refused here, naming the list's elements.
/// </summary>
public static class ScenarioOverrides
{
    public static void Apply(YamlMappingNode root, IReadOnlyList<string> overrides, string file)
    {
        foreach (var text in overrides) Apply(root, text, file);
    }

    private static void Apply(YamlMappingNode root, string text, string file)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new UserInputException(file, $"--set {text}", "expected key.path=value");
        string key = text[..eq].Trim();
        string field = $"--set {key}";
        var segments = SplitPath(key, file, field);
        var value = ScenarioYaml.Parse(text[(eq + 1)..], file, field);

        YamlNode node = root;
        string path = "";
        for (int i = 0; i < segments.Count; i++)
        {
            string segment = segments[i];
            bool last = i == segments.Count - 1;
            switch (node)
            {
                case YamlMappingNode map:
                {
                    var k = new YamlScalarNode(segment);
                    if (last) { map.Children[k] = value; return; }
                    if (!map.Children.TryGetValue(k, out var child) || child is YamlScalarNode { Value: null or "" or "~" or "null" })
                        map.Children[k] = child = new YamlMappingNode();
                    node = child;
                    break;
                }
                case YamlSequenceNode list:
                {
                    int index = FindElement(list, segment);
                    if (index < 0)
                    {
                        var names = list.Children.Select((e, j) => YamlMap.NameOf(e) ?? j.ToString(CultureInfo.InvariantCulture));
                        throw new UserInputException(file, field, $"{(path.Length == 0 ? "the list" : path)} has no element '{segment}' (elements: {string.Join(", ", names)})");
                    }
                    if (last) { list.Children[index] = value; return; }
                    node = list.Children[index];
                    break;
                }
                default:
                    throw new UserInputException(file, field, $"{path} is a single value, it has no '{segment}'");
            }
            path = YamlMap.Join(path, segment);
        }
    }

    private static int FindElement(YamlSequenceNode list, string segment)
    {
        for (int j = 0; j < list.Children.Count; j++)
            if (YamlMap.NameOf(list.Children[j]) == segment) return j;
        return int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < list.Children.Count ? index : -1;
    }

    /// <summary>"a.b[c.d].e" -> a, b, c.d, e.</summary>
    internal static IReadOnlyList<string> SplitPath(string key, string file, string field)
    {
        var segments = new List<string>();
        int i = 0;
        while (i < key.Length)
        {
            if (key[i] == '[')
            {
                int close = key.IndexOf(']', i);
                if (close < 0) throw new UserInputException(file, field, "a '[' is never closed");
                segments.Add(key[(i + 1)..close]);
                i = close + 1;
            }
            else
            {
                int end = key.IndexOfAny(['.', '['], i);
                if (end < 0) end = key.Length;
                segments.Add(key[i..end]);
                i = end;
            }
            if (i < key.Length && key[i] == '.') i++;
        }
        if (segments.Count == 0 || segments.Any(s => s.Length == 0)) throw new UserInputException(file, field, "empty key in the path");
        return segments;
    }
}
