namespace T2CSim.Core.Kernel;

/// <summary>
/// A FIFO buffer of items between processes. Put succeeds once the item is in (at once unless the
/// store is full); Get succeeds with the oldest item, waiting while the store is empty. Waiting
/// getters and putters are served in arrival order.
/// </summary>
public sealed class Store<T>
{
    private readonly Simulation _simulation;
    private readonly Queue<T> _items = new();
    private readonly Queue<StoreGet<T>> _getters = new();
    private readonly Queue<(T Item, Event Put)> _putters = new();

    public Store(Simulation simulation, int capacity = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A store needs a capacity of at least 1.");
        _simulation = simulation;
        Capacity = capacity;
    }

    public int Capacity { get; }
    /// <summary>Items in the store (not counting those of waiting putters).</summary>
    public int Count => _items.Count;
    public int WaitingGetters => _getters.Count;
    public int WaitingPutters => _putters.Count;

    public Event Put(T item)
    {
        var put = new Event(_simulation);
        // Getters wait only while the store is empty, so handing over directly keeps FIFO.
        if (_getters.Count > 0) _getters.Dequeue().Deliver(item);
        else if (_items.Count < Capacity) _items.Enqueue(item);
        else
        {
            _putters.Enqueue((item, put));
            return put;
        }
        put.Succeed();
        return put;
    }

    public StoreGet<T> Get()
    {
        var get = new StoreGet<T>(_simulation);
        if (_items.Count == 0)
        {
            _getters.Enqueue(get);
            return get;
        }
        get.Deliver(_items.Dequeue());
        if (_putters.Count > 0)
        {
            var (item, put) = _putters.Dequeue();
            _items.Enqueue(item);
            put.Succeed();
        }
        return get;
    }
}
