using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

/// <summary>Batch-means estimates of an M/M/c queue's mean wait Wq, mean sojourn W and mean number
/// in system L, with the arrival rate actually observed.</summary>
internal sealed record QueueEstimates(BatchMeans Wq, BatchMeans W, BatchMeans L, double ObservedArrivalRate);

/// <summary>The mean and standard error of a set of batch means.</summary>
internal sealed record BatchMeans(double[] Batches)
{
    public double Mean => Batches.Average();
    public double StandardError
    {
        get
        {
            double mean = Mean, sum = 0;
            foreach (var b in Batches) sum += (b - mean) * (b - mean);
            return Math.Sqrt(sum / (Batches.Length - 1) / Batches.Length);
        }
    }
}

/// <summary>
/// An M/M/c queue on the kernel: Poisson arrivals, each customer a process that requests one of c
/// servers, is served for an exponential time and leaves. Customers are grouped in batches by
/// arrival order after a warm-up batch that is dropped (the queue starts empty).
/// </summary>
internal sealed class QueueingModel
{
    private readonly Simulation _sim;
    private readonly Resource _servers;
    private readonly double _mu;
    private readonly int _batchSize;
    private readonly int _batches;
    private readonly double[] _wait;
    private readonly double[] _sojourn;
    private readonly double[] _boundaryTime;
    private readonly double[] _boundaryArea;
    private int _inSystem;
    private double _area;
    private double _lastChange;

    private QueueingModel(double lambda, double mu, int servers, int batches, int batchSize, long seed)
    {
        _sim = new Simulation(seed);
        _servers = new Resource(_sim, servers);
        _mu = mu;
        _batches = batches;
        _batchSize = batchSize;
        int customers = (batches + 1) * batchSize;
        _wait = new double[customers];
        _sojourn = new double[customers];
        _boundaryTime = new double[batches + 1];
        _boundaryArea = new double[batches + 1];
        _sim.Process(Arrivals(lambda, customers));
    }

    public static QueueEstimates Run(double lambda, double mu, int servers, int batches, int batchSize, long seed)
    {
        var model = new QueueingModel(lambda, mu, servers, batches, batchSize, seed);
        model._sim.Run();
        return model.Estimates();
    }

    private IEnumerable<Event> Arrivals(double lambda, int customers)
    {
        var interarrival = _sim.Random.Stream("arrivals");
        var service = _sim.Random.Stream("service");
        for (int i = 0; i < customers; i++)
        {
            yield return _sim.Timeout(interarrival.Exponential(lambda));
            if (i >= _batchSize && (i - _batchSize) % _batchSize == 0) MarkBoundary((i - _batchSize) / _batchSize);
            _sim.Process(Customer(i, service.Exponential(_mu)));
        }
        // The last boundary is the next arrival, so the last batch spans a full inter-arrival too.
        yield return _sim.Timeout(interarrival.Exponential(lambda));
        MarkBoundary(_batches);
    }

    private IEnumerable<Event> Customer(int index, double serviceTime)
    {
        double arrival = _sim.Now;
        ChangeInSystem(+1);
        var server = _servers.Request();
        yield return server;
        _wait[index] = _sim.Now - arrival;
        yield return _sim.Timeout(serviceTime);
        _servers.Release(server);
        ChangeInSystem(-1);
        _sojourn[index] = _sim.Now - arrival;
    }

    private void ChangeInSystem(int delta)
    {
        _area += _inSystem * (_sim.Now - _lastChange);
        _lastChange = _sim.Now;
        _inSystem += delta;
    }

    private void MarkBoundary(int boundary)
    {
        ChangeInSystem(0);
        _boundaryTime[boundary] = _sim.Now;
        _boundaryArea[boundary] = _area;
    }

    private QueueEstimates Estimates()
    {
        var wq = new double[_batches];
        var w = new double[_batches];
        var l = new double[_batches];
        for (int b = 0; b < _batches; b++)
        {
            int first = (b + 1) * _batchSize;
            double waitSum = 0, sojournSum = 0;
            for (int i = first; i < first + _batchSize; i++)
            {
                waitSum += _wait[i];
                sojournSum += _sojourn[i];
            }
            wq[b] = waitSum / _batchSize;
            w[b] = sojournSum / _batchSize;
            l[b] = (_boundaryArea[b + 1] - _boundaryArea[b]) / (_boundaryTime[b + 1] - _boundaryTime[b]);
        }
        double span = _boundaryTime[_batches] - _boundaryTime[0];
        return new QueueEstimates(new BatchMeans(wq), new BatchMeans(w), new BatchMeans(l), _batches * _batchSize / span);
    }
}
