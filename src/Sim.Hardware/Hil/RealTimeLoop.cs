namespace T2CSim.Hardware.Hil;

using System.Collections.Concurrent;
using System.Diagnostics;

/// <summary>
/// The controller's thread in real time: the wall clock since start, timers (Schedule), and actions
/// posted from other threads (the network's poller). Everything runs on the one thread that calls
/// <see cref="Run"/>, so T2CController's single-threaded assumption holds as in the simulator.
/// </summary>
public sealed class RealTimeLoop
{
    private readonly Stopwatch _clock = new();
    private readonly PriorityQueue<Action, (double TimeS, long Order)> _timers = new();
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly object _gate = new();
    private long _order;

    /// <summary>Seconds since Run started (0 before).</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>Calls `action` on the loop thread `delayS` seconds from now. Thread-safe.</summary>
    public void Schedule(double delayS, Action action) => At(Now + Math.Max(0, delayS), action);

    public void At(double timeS, Action action)
    {
        lock (_gate) _timers.Enqueue(action, (timeS, _order++));
        _wake.Set();
    }

    /// <summary>Runs `action` on the loop thread as soon as possible. Thread-safe.</summary>
    public void Post(Action action)
    {
        _posted.Enqueue(action);
        _wake.Set();
    }

    /// <summary>Runs timers and posted actions until `untilS` seconds have passed (or `stop` returns true).</summary>
    public void Run(double untilS, Func<bool>? stop = null)
    {
        _clock.Start();
        while (true)
        {
            while (_posted.TryDequeue(out var posted)) posted();
            double now = Now;
            if (now >= untilS || stop?.Invoke() == true) return;
            Action? due = null;
            double next = untilS;
            lock (_gate)
            {
                if (_timers.TryPeek(out _, out var key))
                {
                    if (key.TimeS <= now) due = _timers.Dequeue();
                    else next = Math.Min(next, key.TimeS);
                }
            }
            if (due is not null) { due(); continue; }
            _wake.WaitOne(TimeSpan.FromSeconds(Math.Clamp(next - now, 0.0005, 0.05)));
        }
    }

    /// <summary>Drains posted actions for up to `forS` seconds more (results arriving after the end are still counted as late).</summary>
    public void Drain() { while (_posted.TryDequeue(out var posted)) posted(); }
}
