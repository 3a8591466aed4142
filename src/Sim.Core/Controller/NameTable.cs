namespace T2CSim.Core.Controller;

using System.Runtime.CompilerServices;

/// <summary>
/// Strings stored once and named by their index, so that a table of a million rows can hold names
/// (models, tasks, exits, partitions) as ints and stay free of references the GC must trace.
/// Index 0 is the empty string.
/// </summary>
internal sealed class NameTable
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly List<string> _names = [""];

    // The same few string objects come back for every request (a model's task and exit names, a
    // plan's partition text): a direct-mapped cache by object identity spares hashing their characters.
    // Its 64 entries keep at most 64 strings alive.
    private readonly (string? Name, int Index)[] _seen = new (string?, int)[64];

    public int IndexOf(string name)
    {
        ref var seen = ref _seen[RuntimeHelpers.GetHashCode(name) & 63];
        if (ReferenceEquals(seen.Name, name)) return seen.Index;
        if (!_index.TryGetValue(name, out int i))
        {
            _index[name] = i = _names.Count;
            _names.Add(name);
        }
        seen = (name, i);
        return i;
    }

    public string this[int index] => _names[index];
}
