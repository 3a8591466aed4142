// A custom planner registered under a name and swept against T2C_MHE, CloudSim Plus style: the
// thesis's planning scenario (shortened), two workload multipliers, two repeats each, mean of each
// cell printed as a small table. The registered name works wherever a built-in one does.
using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Samples;

new Plugin().Register();

string scenarioPath = ProjectPaths.InRoot("scenarios", "thesis-planning.yaml");
Console.WriteLine("algorithm  multiplier  arrived  served  satisfied_ratio  sensor_link_mbps");
bool rawStayed = true;
foreach (var algorithm in new[] { "T2C_MHE", "KEEP_RAW" })
    foreach (var multiplier in new[] { 20, 60 })
    {
        var runs = Enumerable.Range(0, 2)
            .Select(repeat => Experiment.Run(ScenarioLoader.Load(scenarioPath, ["duration_s=120", $"workload.multiplier={multiplier}"]), algorithm, repeat))
            .ToList();
        Console.WriteLine($"{algorithm,-10} {multiplier,10} {runs.Average(r => r.Summary.Arrived),8:0.0} {runs.Average(r => r.Summary.Served),7:0.0} "
            + $"{runs.Average(r => r.Summary.SatisfiedRatio),16:0.000} {runs.Average(r => r.Summary.LinkMbps[0]),17:0.000}");
        // The planner's promise, checked on what was deployed: every partition keeps layer 1 on the device.
        if (algorithm == "KEEP_RAW") rawStayed &= runs.All(r => r.Log.Deployments.All(d => d.Plan.Partition.P >= 1));
    }
Console.WriteLine(rawStayed ? "OK: every KEEP_RAW deployment runs its first layer on the device" : "FAIL: a KEEP_RAW deployment sent raw frames off the device");
return rawStayed ? 0 : 1;
