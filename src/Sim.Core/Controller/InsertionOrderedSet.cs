namespace T2CSim.Core.Controller;

using System.Collections;

/// <summary>
/// A set that lists its items in the order they were added, with O(1) Add and Remove. The resource
/// monitor keeps every live deployment in one: a generated continuum of 10,000 devices has tens of
/// thousands of deployments, and List.Remove (a search and a shift per shutdown) was a tenth of
/// `t2c bench scale`'s CPU. A removed item leaves a hole; the holes are squeezed out, keeping the
/// order, the next time the list is indexed or enumerated (the monitor's readers do that once per
/// period, not once per request), so the order readers see is the order of List.Add/List.Remove.
/// </summary>
internal sealed class InsertionOrderedSet<T> : IReadOnlyList<T> where T : class
{
    private readonly List<T?> _items = [];
    private readonly Dictionary<T, int> _position = new(ReferenceEqualityComparer.Instance);
    private int _holes;

    public int Count => _position.Count;

    public T this[int index]
    {
        get
        {
            Compact();
            return _items[index]!;
        }
    }

    public void Add(T item)
    {
        if (_position.ContainsKey(item)) throw new InvalidOperationException($"{item} is already in the set");
        _position[item] = _items.Count;
        _items.Add(item);
    }

    /// <summary>False if the item was not in the set.</summary>
    public bool Remove(T item)
    {
        if (!_position.Remove(item, out int at)) return false;
        _items[at] = null;
        _holes++;
        return true;
    }

    public IEnumerator<T> GetEnumerator()
    {
        Compact();
        // A snapshot of the count: like List's enumerator, changing the set while enumerating is an error.
        int count = _items.Count;
        for (int i = 0; i < count; i++)
        {
            if (_holes != 0 || _items.Count != count) throw new InvalidOperationException("the set changed during enumeration");
            yield return _items[i]!;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Compact()
    {
        if (_holes == 0) return;
        int kept = 0;
        for (int i = 0; i < _items.Count; i++)
        {
            var item = _items[i];
            if (item is null) continue;
            _items[kept] = item;
            _position[item] = kept;
            kept++;
        }
        _items.RemoveRange(kept, _items.Count - kept);
        _holes = 0;
    }
}
