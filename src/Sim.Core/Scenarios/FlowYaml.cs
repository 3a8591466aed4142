namespace T2CSim.Core.Scenarios;

using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

/// <summary>
/// A YAML node back as one line of flow YAML (`3`, `[40, 80]`, `{low: 0.2, high: 0.3}`): how a
/// varied value is written in a results column and handed back to the overrides as `--set` text.
/// </summary>
public static class FlowYaml
{
    public static string Of(YamlNode node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(YamlNode node, StringBuilder text)
    {
        switch (node)
        {
            case YamlScalarNode s:
                string value = s.Value ?? "";
                // Quoted scalars stay quoted so that "1" stays a string and ", " inside a value stays one value.
                bool quote = s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted || value.IndexOfAny([',', '[', ']', '{', '}', ':', '#', '"', '\'']) >= 0;
                text.Append(quote ? "'" + value.Replace("'", "''") + "'" : value);
                break;
            case YamlSequenceNode list:
                text.Append('[');
                for (int i = 0; i < list.Children.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    Write(list.Children[i], text);
                }
                text.Append(']');
                break;
            case YamlMappingNode map:
                text.Append('{');
                bool first = true;
                foreach (var (k, v) in map.Children)
                {
                    if (!first) text.Append(", ");
                    first = false;
                    Write(k, text);
                    text.Append(": ");
                    Write(v, text);
                }
                text.Append('}');
                break;
            default:
                throw new ArgumentException($"cannot write a {node.NodeType} node as flow YAML");
        }
    }
}
