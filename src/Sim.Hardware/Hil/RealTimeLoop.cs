namespace T2CSim.Hardware.Hil;

using System.Collections.Concurrent;
using System.Diagnostics;

/// <summary>
/// The controller's thread in real time: the wall clock since start, timers (Schedule), and actions
/// posted from other threads (the network's poller). Everything runs on the one thread that calls
/// <see cref="Run"/>, so T2CController's single-threaded assumption holds as in the simulator.
/// A timer scheduled from inside a timer counts its delay from the running timer's due time, not from
/// the moment the thread got round to it: as in the simulator, where everything an event does happens
/// at the event's time. Counted from the late wall clock, the controller's 1 s aggregation period
/// slipped 0.3 ms a period and was 9-12 ms late by half a minute, so a request arriving just after a
/// period's boundary joined that period's batch on the testbed and the next one in the simulator, and
/// the two worlds formed different jobs (docs/validation.md, "Round 10"). Inside a timer <see cref="Now"/>
/// stays the wall clock: a delay computed there as target - Now fires early by the loop's lateness
/// (now under a millisecond: the ticks no longer slip).
/// </summary>
public sealed class RealTimeLoop
{
    private readonly Stopwatch _clock = new();
    private readonly PriorityQueue<Action, (double TimeS, long Order)> _timers = new();
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly object _gate = new();
    private long _order;
    // The due time of the timer running now (NaN outside a timer: a posted action counts from the clock).
    private double _runningDueS = double.NaN;

    /// <summary>Seconds since Run started (0 before).</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>
    /// Calls `action` on the loop thread `delayS` seconds from now: from the running timer's due time
    /// when called by a timer on the loop thread, else from the clock. Thread-safe.
    /// </summary>
    public void Schedule(double delayS, Action action) => At(ScheduleBase + Math.Max(0, delayS), action);

    // Only the loop thread runs timers; another thread scheduling meanwhile counts from the clock.
    private double ScheduleBase => Environment.CurrentManagedThreadId == _loopThread && !double.IsNaN(_runningDueS) ? _runningDueS : Now;
    private int _loopThread = -1;

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
        _loopThread = Environment.CurrentManagedThreadId;
        while (true)
        {
            while (_posted.TryDequeue(out var posted)) posted();
            double now = Now;
            if (now >= untilS || stop?.Invoke() == true) return;
            Action? due = null;
            double dueS = double.NaN;
            double next = untilS;
            lock (_gate)
            {
                if (_timers.TryPeek(out _, out var key))
                {
                    if (key.TimeS <= now) { due = _timers.Dequeue(); dueS = key.TimeS; }
                    else next = Math.Min(next, key.TimeS);
                }
            }
            if (due is not null)
            {
                _runningDueS = dueS;
                try { due(); }
                finally { _runningDueS = double.NaN; }
                continue;
            }
            _wake.WaitOne(TimeSpan.FromSeconds(Math.Clamp(next - now, 0.0005, 0.05)));
        }
    }

    /// <summary>Drains posted actions for up to `forS` seconds more (results arriving after the end are still counted as late).</summary>
    public void Drain() { while (_posted.TryDequeue(out var posted)) posted(); }
}
