namespace T2CSim.Hardware.Hil;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Randomness;
using T2CSim.Core.Running;
using T2CSim.Core.Scenarios;
using T2CSim.Hardware.Testbed;

/// <summary>
/// The testbed as a run's world (<see cref="IRunWorld"/>): the controller's calls go to the
/// <see cref="HardwareContinuum"/>, time is the <see cref="RealTimeLoop"/>'s wall clock, a link
/// change reshapes the sending end (and the namespace testbed's tc rate), and a tier outage stops
/// the tier's agent (kill -9) and, when it ends, starts a new one, which registers again
/// (docs/hardware.md, "Failure events").
/// </summary>
internal sealed class HilRunWorld : IRunWorld
{
    private readonly RealTimeLoop _loop;
    private readonly HardwareContinuum _continuum;
    private readonly TestbedNetwork? _testbed;
    private readonly IReadOnlyList<(double AtS, string Tier)> _kills;
    private readonly List<AgentProcess> _agents;
    private readonly Func<int, AgentProcess> _startAgent;
    private readonly Action<string> _log;
    private readonly int[] _down;

    /// <param name="agents">The agents started so far (a restarted one is added; the runner disposes them all).</param>
    /// <param name="startAgent">Starts a new agent for tier k (null: agents started elsewhere, which the run cannot restart).</param>
    public HilRunWorld(long seed, RealTimeLoop loop, HardwareContinuum continuum, int tiers, TestbedNetwork? testbed,
        IReadOnlyList<(double AtS, string Tier)> kills, List<AgentProcess> agents, Func<int, AgentProcess> startAgent, Action<string> log)
    {
        Random = new RandomStreams(seed);
        _loop = loop;
        _continuum = continuum;
        _testbed = testbed;
        _kills = kills;
        _agents = agents;
        _startAgent = startAgent;
        _log = log;
        _down = new int[tiers];
    }

    public RandomStreams Random { get; }
    public double Now => _loop.Now;
    public long ControlBytes => _continuum.ControlBytes;
    public void Schedule(double delayS, Action action) => _loop.Schedule(delayS, action);
    public void Launch(Deployment deployment, Action ready) => _continuum.Launch(deployment, ready);
    public void Reconfigure(Deployment deployment, ModelDeployment newPlan, Action ready) => _continuum.Reconfigure(deployment, newPlan, ready);
    public void Shutdown(Deployment deployment) => _continuum.Shutdown(deployment);
    public void Infer(Deployment deployment, InferenceJob job) => _continuum.Infer(deployment, job);
    public LinkReading[] ReadLinks() => _continuum.ReadLinks();

    public void Begin(T2CController controller)
    {
        _continuum.Listener = controller;
        // Failure injection of the tests: an agent killed without the run knowing, found by the liveness watch.
        foreach (var (at, tier) in _kills)
        {
            var victim = _agents.FirstOrDefault(a => a.Tier == tier) ?? throw new ArgumentException($"no agent of tier {tier} to kill");
            _loop.At(at, () =>
            {
                _log($"killing the {tier} agent (pid {victim.Id}) at {_loop.Now:0.##} s");
                controller.Log.Event(_loop.Now, "kill", tier);
                victim.Kill();
            });
        }
    }

    public void At(double timeS, Action action) => _loop.At(timeS, action);

    public void Play(IEnumerable<Request> requests, Action<Request> submit)
    {
        foreach (var request in requests) _loop.At(request.ArrivalS, () => submit(request));
    }

    public void Every(double periodS, Action action)
    {
        void Tick()
        {
            action();
            _loop.Schedule(periodS, Tick);
        }
        _loop.At(_loop.Now, Tick);
    }

    public void ChangeLink(int link, double? capacityBps, double? backgroundBps)
    {
        double rate = _continuum.SetLink(link, capacityBps, backgroundBps);
        _testbed?.SetRate(link, rate);
    }

    /// <summary>Stops the tier's agent and reports the tier lost now (the run knows; it need not wait for the liveness watch).</summary>
    public void TakeDown(Outage outage)
    {
        if (outage.Target != OutageTarget.Tier) throw new InvalidOperationException($"the testbed cannot take down {outage}");
        int k = outage.Index;
        if (++_down[k] > 1) return;
        var victim = _agents.Last(a => a.Tier == outage.Name);
        _log($"outage: stopping the {outage.Name} agent (pid {victim.Id}) at {_loop.Now:0.##} s");
        victim.Kill();
        _continuum.Lose(k, "stopped by the scenario's outage");
    }

    /// <summary>Starts a new agent for the tier; the tier is restored (TierRestored) when it has registered.</summary>
    public void BringUp(Outage outage)
    {
        int k = outage.Index;
        if (--_down[k] > 0) return;
        _log($"outage over: starting a new {outage.Name} agent at {_loop.Now:0.##} s");
        _agents.Add(_startAgent(k));
    }

    public void RunUntil(double endS)
    {
        _continuum.StartWatch();
        _loop.Run(endS);
    }

    public IReadOnlyList<long> LinkBytes() => _continuum.LinkBytes();

    /// <summary>What the agents reported computing (their stage reports), so the testbed's node-classes.csv has busy cores too.</summary>
    public double BusyCoreSeconds(int node) => _continuum.BusyCoreSeconds(node);

    /// <summary>The testbed has no event queue to count: the timing file counts the requests handled.</summary>
    public long EventsProcessed(RunLog log) => log.Requests.Count;
}
