namespace T2CSim.Core.Controller;

/// <summary>
/// Strings stored once and named by their index, so that a table of a million rows can hold names
/// (models, tasks, exits, partitions) as ints and stay free of references the GC must trace.
/// Index 0 is the empty string.
/// </summary>
internal sealed class NameTable
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal) { [""] = 0 };
    private readonly List<string> _names = [""];

    public int IndexOf(string name)
    {
        if (_index.TryGetValue(name, out int i)) return i;
        _index[name] = i = _names.Count;
        _names.Add(name);
        return i;
    }

    public string this[int index] => _names[index];
}
