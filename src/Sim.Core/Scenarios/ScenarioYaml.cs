namespace T2CSim.Core.Scenarios;

using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

/// <summary>Reads a scenario file into a YAML tree, turning syntax errors into one-line messages.</summary>
internal static class ScenarioYaml
{
    public static YamlMappingNode Load(string path)
    {
        InputFile.Check(path, "scenario file", MaxScenarioBytes);
        var root = Parse(File.ReadAllText(path), path, null);
        return root as YamlMappingNode ?? throw new UserInputException(path, "(top level)", $"expected a section of keys, got {YamlMap.Describe(root)}");
    }

    /// <summary>One YAML document; `field` names where the text came from when it is not the file itself.</summary>
    public static YamlNode Parse(string text, string file, string? field)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        try
        {
            stream.Load(new NoAliases(new Parser(scanner), file, field));
        }
        catch (YamlException e)
        {
            var at = $"line {e.Start.Line}, column {e.Start.Column}";
            throw new UserInputException(file, field is null ? at : $"{field} ({at})", $"YAML syntax error: {Problem(e)}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner can fail this way on malformed input (e.g. an unclosed "[2" at the
            // end of the text); where it stopped is the best position there is.
            var at = $"line {scanner.CurrentPosition.Line}, column {scanner.CurrentPosition.Column}";
            throw new UserInputException(file, field is null ? at : $"{field} ({at})", "YAML syntax error: the text ends or breaks inside a [list] or {section}", e);
        }
        catch (ArgumentException e)
        {
            // The representation model refuses a key written twice in one section.
            throw new UserInputException(file, field, $"YAML error: {OneLine(e.Message)}", e);
        }
        if (stream.Documents.Count == 0) throw new UserInputException(file, field, "empty: no YAML document");
        if (stream.Documents.Count > 1) throw new UserInputException(file, field, $"{stream.Documents.Count} YAML documents where one is expected");
        return stream.Documents[0].RootNode;
    }

    /// <summary>Scenarios are hand-written settings, a few kilobytes; the cap keeps a wrong file from being read whole.</summary>
    public const long MaxScenarioBytes = 4 << 20;

    /// <summary>
    /// Refuses YAML aliases (*name). The representation model shares an aliased node, but anything that
    /// walks or prints the tree (an unknown key's message, the provenance copy of the resolved scenario)
    /// expands it: nine nested aliases in 391 bytes expand to 10^9 nodes and exhausted memory. Scenarios
    /// never need them; the value can be written out.
    /// </summary>
    private sealed class NoAliases(IParser inner, string file, string? field) : IParser
    {
        public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            bool more = inner.MoveNext();
            if (more && inner.Current is YamlDotNet.Core.Events.AnchorAlias alias)
            {
                var at = $"line {alias.Start.Line}, column {alias.Start.Column}";
                throw new UserInputException(file, field is null ? at : $"{field} ({at})",
                    $"YAML alias *{Printable.Escape(alias.Value.Value, 40)} refused: aliases are not allowed in scenarios (write the value out)");
            }
            return more;
        }
    }

    private static string Problem(YamlException e)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the position is already in the field.
        var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        int cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return OneLine(cut >= 0 ? message[(cut + 3)..] : message);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
