namespace T2CSim.Core.Extensions;

/// <summary>
/// Things known by a name (case-insensitive): the built-in ones, then those a researcher registered,
/// in registration order. Registration happens before runs start (a program's first lines, or a
/// plugin loaded by `t2c --plugin`), while lookups happen from every sweep worker at once, so the
/// list is replaced whole under a lock and read without one. A registration is undone by disposing
/// it, which lets a test register something for its own duration only.
/// </summary>
public sealed class NamedRegistry<T> where T : class
{
    private readonly string _what;
    private readonly Func<T, string> _nameOf;
    private readonly object _gate = new();
    private volatile (string Name, T Item)[] _entries;

    /// <param name="what">What the entries are, for messages ("algorithm", "arrival process", "metric").</param>
    public NamedRegistry(string what, Func<T, string> nameOf, IEnumerable<T> builtIn)
    {
        _what = what;
        _nameOf = nameOf;
        _entries = builtIn.Select(i => (nameOf(i), i)).ToArray();
        BuiltInCount = _entries.Length;
    }

    /// <summary>How many of the entries (the first ones) are built in.</summary>
    public int BuiltInCount { get; }

    public IReadOnlyList<string> Names => _entries.Select(e => e.Name).ToArray();

    public IReadOnlyList<T> Items => _entries.Select(e => e.Item).ToArray();

    /// <summary>Adds an entry; refused when its name is empty or already taken (in any case).</summary>
    public IDisposable Register(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        string name = _nameOf(item);
        if (string.IsNullOrWhiteSpace(name) || name != name.Trim() || name.Contains(','))
            throw new UserInputException(null, _what, $"'{name}' is not a usable name (empty, padded or with a comma)");
        lock (_gate)
        {
            if (TryGet(name, out _)) throw new UserInputException(null, _what, $"'{name}' is already registered; known: {string.Join(", ", Names)}");
            _entries = [.. _entries, (name, item)];
        }
        return new Registration(this, item);
    }

    public bool TryGet(string name, out T item)
    {
        foreach (var e in _entries)
            if (string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)) { item = e.Item; return true; }
        item = null!;
        return false;
    }

    /// <summary>The entry of that name, or a one-line error listing the known names.</summary>
    public T Get(string name, string? file = null, string? field = null) =>
        TryGet(name, out var item) ? item
        : throw new UserInputException(file, field ?? _what, $"unknown {_what} '{name}'; valid names: {string.Join(", ", Names)}");

    private void Remove(T item)
    {
        lock (_gate) _entries = _entries.Where(e => !ReferenceEquals(e.Item, item)).ToArray();
    }

    private sealed class Registration(NamedRegistry<T> registry, T item) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) registry.Remove(item);
        }
    }
}
