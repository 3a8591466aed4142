using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

public class InterruptTests
{
    [Test]
    public void InterruptedProcessResumesAtTheInterruptWithTheCauseAndItsOldTimeoutNoLongerResumesIt()
    {
        var sim = new Simulation();
        var resumes = new List<(double Time, bool Fault, object? Cause)>();
        var sleeper = sim.Process(Sleeper());
        sim.Process(Interrupter());
        sim.Run();

        Assert.That(resumes, Is.EqualTo(new[] { (3.0, true, (object?)"stop"), (23.0, false, (object?)"stop") }));
        Assert.That(sim.Now, Is.EqualTo(23.0));

        IEnumerable<Event> Sleeper()
        {
            yield return sim.Timeout(10);
            var self = sim.ActiveProcess!;
            resumes.Add((sim.Now, self.HandleFault(), self.InterruptCause));
            Assert.That(self.HandleFault(), Is.False, "HandleFault is true only once");
            yield return sim.Timeout(20);
            resumes.Add((sim.Now, self.HandleFault(), self.InterruptCause));
        }

        IEnumerable<Event> Interrupter()
        {
            yield return sim.Timeout(3);
            sleeper.Interrupt("stop");
        }
    }

    [Test]
    public void InterruptGoesBeforeOtherEventsOfTheSameTime()
    {
        var sim = new Simulation();
        bool? faultAtTen = null;
        var sleeper = sim.Process(Sleeper());
        sim.Schedule(10, () => sleeper.Interrupt());
        sim.Run();
        // The interrupt at 10 overtakes the timeout also due at 10, scheduled earlier.
        Assert.That(faultAtTen, Is.True);

        IEnumerable<Event> Sleeper()
        {
            yield return sim.Timeout(10);
            faultAtTen = sim.ActiveProcess!.HandleFault();
        }
    }

    [Test]
    public void IgnoringAnInterruptStopsTheRunWithAClearMessage()
    {
        var sim = new Simulation();
        var sleeper = sim.Process(Sleeper());
        sim.Schedule(1, () => sleeper.Interrupt("breakdown"));
        Assert.That(() => sim.Run(), Throws.InvalidOperationException
            .With.Message.Contains("HandleFault").And.Message.Contains("breakdown"));

        IEnumerable<Event> Sleeper()
        {
            yield return sim.Timeout(5);
            yield return sim.Timeout(5);
        }
    }

    [Test]
    public void FailedEventResumesTheWaitingProcessWithAFault()
    {
        var sim = new Simulation();
        var signal = sim.Event();
        object? error = null;
        sim.Process(Waiter());
        sim.Schedule(2, () => signal.Fail(new TimeoutException("link down")));
        sim.Run();
        Assert.That(error, Is.InstanceOf<TimeoutException>());

        IEnumerable<Event> Waiter()
        {
            yield return signal;
            if (sim.ActiveProcess!.HandleFault()) error = signal.Value;
        }
    }

    [Test]
    public void InterruptingAFinishedProcessThrows()
    {
        var sim = new Simulation();
        var done = sim.Process(Empty());
        sim.Run();
        Assert.That(() => done.Interrupt(), Throws.InvalidOperationException);
    }

    private static IEnumerable<Event> Empty()
    {
        yield break;
    }

    /// <summary>Target is the event the process waits for (its body's Current while waiting), null
    /// while it runs, after it resumed and after an interrupt took it off its event; an interrupt
    /// after a failed event reports the interrupt, not the failure, and keeps its cause.</summary>
    [Test]
    public void TargetIsTheAwaitedEventOnlyWhileWaitingAndFaultsReportTheirLatestCause()
    {
        var sim = new Simulation();
        var gate = sim.Event();
        Event? first = null;
        var seen = new List<(double Time, bool Fault, object? Cause, bool TargetNull)>();
        var waiter = sim.Process(Waiter());
        Event? targetAtOne = null, targetAtFour = null, targetAtSix = null;
        sim.Schedule(1, () => targetAtOne = waiter.Target);
        sim.Schedule(2, () => gate.Fail(new InvalidOperationException("gate broke")));
        sim.Schedule(4, () => { targetAtFour = waiter.Target; waiter.Interrupt("stop"); });
        sim.Schedule(6, () => targetAtSix = waiter.Target);
        sim.Run();

        Assert.That(targetAtOne, Is.SameAs(gate));
        Assert.That(targetAtFour, Is.SameAs(first));
        Assert.That(targetAtSix, Is.Null, "a finished process waits for nothing");
        Assert.That(seen, Is.EqualTo(new[] { (2.0, true, (object?)null, true), (4.0, true, (object?)"stop", true) }));
        Assert.That(first!.IsProcessed, Is.True, "the interrupted timeout is still processed, at 10");
        Assert.That(sim.Now, Is.EqualTo(10.0));

        IEnumerable<Event> Waiter()
        {
            var self = sim.ActiveProcess!;
            Assert.That(self.Target, Is.Null, "a running process waits for nothing");
            yield return gate;
            seen.Add((sim.Now, self.HandleFault(), self.InterruptCause, self.Target is null));
            first = sim.Timeout(8);
            yield return first;
            seen.Add((sim.Now, self.HandleFault(), self.InterruptCause, self.Target is null));
        }
    }

    /// <summary>ActiveProcess is the process whose body runs, and null between processes: in a
    /// Schedule callback, in an event callback and after the run, even right after the same
    /// process stepped twice in a row; so a callback may interrupt the process that ran last.</summary>
    [Test]
    public void ActiveProcessIsTheRunningBodyAndNullBetweenProcesses()
    {
        var sim = new Simulation();
        var seen = new List<string>();
        Process? looper = null;
        looper = sim.Process(Loop());
        sim.Schedule(2.5, () =>
        {
            seen.Add($"callback {(sim.ActiveProcess is null ? "none" : "some")}");
            looper!.Interrupt("from a callback");
        });
        var marker = sim.Timeout(1.5);
        marker.AddCallback(_ => seen.Add($"event callback {(sim.ActiveProcess is null ? "none" : "some")}"));
        sim.Run();

        Assert.That(seen, Is.EqualTo(new[]
        {
            "body at 0 self", "body at 1 self", "event callback none", "body at 2 self",
            "callback none", "body at 2.5 self fault",
        }));
        Assert.That(sim.ActiveProcess, Is.Null);

        IEnumerable<Event> Loop()
        {
            for (int i = 0; i < 4; i++)
            {
                bool fault = sim.ActiveProcess!.HandleFault();
                seen.Add($"body at {sim.Now} {(ReferenceEquals(sim.ActiveProcess, looper) ? "self" : "other")}{(fault ? " fault" : "")}");
                yield return sim.Timeout(1);
            }
        }
    }
}
