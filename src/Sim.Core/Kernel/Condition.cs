namespace T2CSim.Core.Kernel;

/// <summary>
/// Waits for all (AllOf) or any (AnyOf) of a set of events. It succeeds at the instant the last
/// (or first) of them is processed, with Value = the array of those events processed and ok at
/// that moment, in the order given; it fails as soon as one of them fails. An event processed
/// before the condition was made counts at once; with no events at all it succeeds at once (SimPy).
/// </summary>
public sealed class Condition : Event
{
    private readonly Event[] _events;
    private readonly bool _needsAll;
    private int _done;

    internal Condition(Simulation simulation, Event[] events, bool needsAll) : base(simulation)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            if (e is null) throw new ArgumentException("A condition's events cannot be null.", nameof(events));
            if (!ReferenceEquals(e.Simulation, simulation))
                throw new ArgumentException("A condition's events must belong to its Simulation.", nameof(events));
        }
        _events = (Event[])events.Clone();
        _needsAll = needsAll;
        if (_events.Length == 0)
        {
            Succeed(Array.Empty<Event>());
            return;
        }
        foreach (var e in _events)
        {
            if (e.IsProcessed) OnComponentProcessed(e);
            else e.AddListener(this);
            if (IsTriggered) break;
        }
    }

    public IReadOnlyList<Event> Events => _events;

    internal void OnComponentProcessed(Event component)
    {
        if (IsTriggered) return;
        if (!component._ok)
        {
            Fail(component._value as Exception ?? new InvalidOperationException("A condition's event failed."));
            return;
        }
        _done++;
        if (!_needsAll || _done == _events.Length) Succeed(ProcessedEvents());
    }

    private Event[] ProcessedEvents()
    {
        var done = new List<Event>(_events.Length);
        foreach (var e in _events)
            if (e.IsProcessed && e._ok) done.Add(e);
        return done.ToArray();
    }
}
