namespace T2CSim.Experiments.Commands.Bench.Kernel;

using T2CSim.Core.Kernel;
using T2CSim.Core.Randomness;

/// <summary>
/// SimSharp's machine-shop sample (its MachineShopBenchmark): machines make parts and break down;
/// one repairman fixes them, preempting his less important other jobs. Times in minutes.
/// </summary>
internal sealed class MachineShop
{
    private const int Machines = 10;
    private const double ProcessingMean = 10, ProcessingSd = 2;
    private const double MeanTimeToFailure = 300;
    private const double RepairTime = 30;
    private const double JobDuration = 30;
    private const int RepairPriority = 1, OtherJobPriority = 2;

    private readonly Simulation _sim;
    private readonly PriorityResource _repairman;
    private readonly RandomStream _processing;
    private readonly RandomStream _failures;

    private MachineShop(long seed)
    {
        _sim = new Simulation(seed);
        _repairman = new PriorityResource(_sim, capacity: 1);
        _processing = _sim.Random.Stream("processing");
        _failures = _sim.Random.Stream("failures");
        for (int i = 0; i < Machines; i++) _ = new Machine(this);
        _sim.Process(OtherJobs());
    }

    public long PartsMade { get; private set; }

    /// <summary>Runs the shop for <paramref name="days"/> simulated days; counts processed events.</summary>
    public static Measurement Run(double days, long seed = 42) => Run(days, seed, out _);

    public static Measurement Run(double days, long seed, out MachineShop shop)
    {
        shop = new MachineShop(seed);
        var clock = BenchClock.Start();
        shop._sim.Run(until: days * 24 * 60);
        return clock.Stop(shop._sim.ProcessedEvents);
    }

    private sealed class Machine
    {
        private readonly MachineShop _shop;
        private readonly Process _working;
        private bool _broken;

        public Machine(MachineShop shop)
        {
            _shop = shop;
            _working = shop._sim.Process(Working());
            shop._sim.Process(BreakDowns());
        }

        private IEnumerable<Event> Working()
        {
            var sim = _shop._sim;
            while (true)
            {
                double doneIn = _shop._processing.Normal(ProcessingMean, ProcessingSd);
                while (doneIn > 0)
                {
                    double start = sim.Now;
                    yield return sim.Timeout(doneIn);
                    if (!sim.ActiveProcess!.HandleFault())
                        break;
                    _broken = true;
                    doneIn -= sim.Now - start;
                    using (var repair = _shop._repairman.Request(RepairPriority, preempt: true))
                    {
                        yield return repair;
                        yield return sim.Timeout(RepairTime);
                    }
                    _broken = false;
                }
                _shop.PartsMade++;
            }
        }

        private IEnumerable<Event> BreakDowns()
        {
            var sim = _shop._sim;
            while (true)
            {
                yield return sim.Timeout(_shop._failures.Exponential(1 / MeanTimeToFailure));
                // A machine under repair cannot break again.
                if (!_broken) _working.Interrupt();
            }
        }
    }

    private IEnumerable<Event> OtherJobs()
    {
        while (true)
        {
            double doneIn = JobDuration;
            while (doneIn > 0)
            {
                // Resume the job until it is done; repairs preempt it.
                using var job = _repairman.Request(OtherJobPriority);
                yield return job;
                double start = _sim.Now;
                yield return _sim.Timeout(doneIn);
                doneIn = _sim.ActiveProcess!.HandleFault() ? doneIn - (_sim.Now - start) : 0;
            }
        }
    }
}
