// The kernel read as SimPy users expect: SimPy's bank example, as an M/M/1 queue. Customers arrive
// as a Poisson process (rate lambda), wait for the one teller (a Resource), are served for an
// exponential time (rate mu) and leave. Queueing theory gives the mean wait in the queue,
// Wq = rho / (mu - lambda) with rho = lambda / mu; the measured mean must come within 5 %.
using T2CSim.Core.Kernel;

const double lambda = 0.8, mu = 1.0, horizonS = 1_000_000;
var sim = new Simulation(seed: 42);
var teller = new Resource(sim, capacity: 1);
var arrivals = sim.Random.Stream("arrivals");   // one stream per purpose, as SimPy users keep one per process
var service = sim.Random.Stream("service");
double waitSum = 0, busyS = 0;
long served = 0;

IEnumerable<Event> Customer()
{
    double arrived = sim.Now;
    using var request = teller.Request();           // `with teller.request() as req:`
    yield return request;                           // `yield req`
    waitSum += sim.Now - arrived;
    double serviceS = service.Exponential(mu);
    yield return sim.Timeout(serviceS);             // `yield env.timeout(service)`
    busyS += serviceS;
    served++;
}

IEnumerable<Event> Source()
{
    while (true)
    {
        yield return sim.Timeout(arrivals.Exponential(lambda));
        sim.Process(Customer());                    // `env.process(customer(env, teller))`
    }
}

sim.Process(Source());
sim.Run(until: horizonS);

double rho = lambda / mu, theory = rho / (mu - lambda), measured = waitSum / served;
double error = Math.Abs(measured - theory) / theory;
Console.WriteLine($"M/M/1 bank: lambda {lambda}/s, mu {mu}/s, {served} customers served in {horizonS:0} s ({sim.ProcessedEvents} events)");
Console.WriteLine($"utilization: measured {busyS / horizonS:0.000}, theory rho = {rho:0.000}");
Console.WriteLine($"mean wait in queue: measured {measured:0.000} s, theory Wq = rho/(mu-lambda) = {theory:0.000} s, error {error:P1}");
Console.WriteLine(error < 0.05 ? "OK: within 5 % of queueing theory" : "FAIL: more than 5 % from queueing theory");
return error < 0.05 ? 0 : 1;
