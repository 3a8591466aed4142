// A custom arrival process driving the thesis's simulation: bursty ON/OFF arrivals with the same
// mean rate as the 311 profile's Poisson process. Registered under a name, it is picked by the
// scenario field workload.arrivals (here through an override, as `--set workload.arrivals=on-off`
// would on the command line). The same planning algorithm then faces the same mean load in bursts.
using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Core.Workload;
using T2CSim.Samples;

ArrivalProcesses.Register(new OnOffArrivals(onS: 10, offS: 30));

string scenarioPath = ProjectPaths.InRoot("scenarios", "thesis-planning.yaml");
const double binS = 10;
Console.WriteLine("arrivals         arrived  dispersion  served  satisfied_ratio  mean_queuing_s");
double[] dispersion = new double[2];
int i = 0;
foreach (var process in new[] { ProfilePoissonArrivals.ProcessName, "on-off" })
{
    var scenario = ScenarioLoader.Load(scenarioPath, ["duration_s=600", "workload.multiplier=40", $"workload.arrivals={process}"]);
    var result = Experiment.Run(scenario, "T2C_MHE");
    // Index of dispersion of the counts per 10 s bin: about 1 for Poisson arrivals, far above for bursts.
    var counts = new double[(int)(scenario.DurationS / binS)];
    foreach (var r in result.Log.Requests) counts[(int)(r.Request.ArrivalS / binS)]++;
    double mean = counts.Average(), variance = counts.Sum(c => (c - mean) * (c - mean)) / (counts.Length - 1);
    dispersion[i++] = variance / mean;
    var s = result.Summary;
    Console.WriteLine($"{process,-16} {s.Arrived,7} {variance / mean,11:0.00} {s.Served,7} {s.SatisfiedRatio,16:0.000} {s.MeanQueuingS,15:0.000}");
}
bool ok = dispersion[0] < 2 && dispersion[1] > 3 * dispersion[0];
Console.WriteLine(ok ? "OK: on-off arrivals are burstier than Poisson at the same mean rate" : "FAIL: the dispersion does not tell the processes apart");
return ok ? 0 : 1;
