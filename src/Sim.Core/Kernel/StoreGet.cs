namespace T2CSim.Core.Kernel;

/// <summary>A Store.Get: succeeds with the item, typed in <see cref="Item"/> (and boxed in Value).</summary>
public sealed class StoreGet<T> : Event
{
    private T _item = default!;

    internal StoreGet(Simulation simulation) : base(simulation) { }

    /// <summary>The item taken; meaningful once the event has triggered.</summary>
    public T Item => _item;

    internal void Deliver(T item)
    {
        _item = item;
        Succeed(item);
    }
}
