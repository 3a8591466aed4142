namespace T2CSim.Core.Scenarios;

using System.Globalization;
using YamlDotNet.RepresentationModel;

/// <summary>
/// A YAML mapping being bound, with its field path ("topology.links.edge_cloud") for messages.
/// Opening one refuses keys outside the allowed list first, so a typo is reported as the typo
/// rather than as the field it was meant to be. Every problem is a one-line UserInputException.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;

    public string File { get; }
    public string Path { get; }

    private YamlMap(string file, string path, YamlMappingNode node)
    {
        File = file;
        Path = path;
        _node = node;
    }

    public static YamlMap Open(string file, string path, YamlNode node, params string[] allowed)
    {
        if (node is not YamlMappingNode map) throw new UserInputException(file, Display(path), $"expected a section of keys, got {Describe(node)}");
        foreach (var key in map.Children.Keys)
        {
            // Never key.ToString() of a complex key: it prints the whole subtree (an alias bomb's expansion).
            var name = (key as YamlScalarNode)?.Value
                ?? throw new UserInputException(file, Display(path), $"a key must be a plain name, got {Describe(key)}");
            name = Printable.Escape(name, 80);
            if (!allowed.Contains(name, StringComparer.Ordinal))
                throw new UserInputException(file, Join(path, name), $"unknown key (expected one of: {string.Join(", ", allowed)})");
        }
        return new YamlMap(file, path, map);
    }

    public string Field(string key) => Join(Path, key);
    public UserInputException Error(string key, string problem) => new(File, Field(key), problem);

    public IEnumerable<string> Keys => _node.Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? Describe(k));

    public YamlNode? Optional(string key)
    {
        if (!_node.Children.TryGetValue(new YamlScalarNode(key), out var value) || IsNull(value)) return null;
        return value;
    }

    public YamlNode Required(string key) => Optional(key) ?? throw Error(key, "missing (required)");

    public YamlMap Map(string key, params string[] allowed) => Open(File, Field(key), Required(key), allowed);
    public YamlMap? OptionalMap(string key, params string[] allowed) => Optional(key) is { } n ? Open(File, Field(key), n, allowed) : null;

    public YamlSequenceNode Sequence(string key) =>
        Required(key) as YamlSequenceNode ?? throw Error(key, $"expected a list, got {Describe(Required(key))}");
    public YamlSequenceNode? OptionalSequence(string key) =>
        Optional(key) is { } n ? n as YamlSequenceNode ?? throw Error(key, $"expected a list, got {Describe(n)}") : null;

    public string String(string key) => Scalar(key, Required(key));
    public string? OptionalString(string key) => Optional(key) is { } n ? Scalar(key, n) : null;

    public double Double(string key) => ParseDouble(Field(key), String(key));
    public double Double(string key, double fallback) => Optional(key) is null ? fallback : Double(key);
    public double? OptionalDouble(string key) => Optional(key) is null ? null : Double(key);
    public int Int(string key) => ParseInt(Field(key), String(key));
    public bool Bool(string key, bool fallback) => Optional(key) is null ? fallback : String(key).ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        var other => throw Error(key, $"'{other}' is not true or false"),
    };
    public long Long(string key) =>
        long.TryParse(String(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Error(key, $"'{String(key)}' is not an integer");

    public double ParseDouble(string field, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v : throw new UserInputException(File, field, $"'{text}' is not a number");

    public int ParseInt(string field, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw new UserInputException(File, field, $"'{text}' is not an integer");

    private string Scalar(string key, YamlNode node) =>
        node is YamlScalarNode s ? s.Value ?? "" : throw Error(key, $"expected a single value, got {Describe(node)}");

    /// <summary>The path of a list element: its `name` when it has one (as --set uses), else its index.</summary>
    public static string ElementPath(string listPath, YamlNode element, int index) =>
        Join(listPath, NameOf(element) ?? index.ToString(CultureInfo.InvariantCulture));

    public static string? NameOf(YamlNode element) =>
        element is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n is YamlScalarNode s ? s.Value : null;

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Display(string path) => path.Length == 0 ? "(top level)" : path;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any, Value: null or "" or "~" or "null" };

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a section",
        _ => node.NodeType.ToString(),
    };
}
