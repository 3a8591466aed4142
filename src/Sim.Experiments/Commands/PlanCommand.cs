namespace T2CSim.Experiments.Commands;

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using T2CSim.Core;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;
using T2CSim.Core.Randomness;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Workload;
using T2CSim.Experiments.Cli;
using T2CSim.Experiments.Results;

/// <summary>
/// `t2c plan --scenario FILE --algorithm NAME [--requests FILE]`: one planning decision, as JSON, for
/// a set of requests (a CSV with model, task, min_accuracy, max_latency_s — a run's requests.csv will
/// do) or, without --requests, for the requests of the scenario's first aggregation period. The
/// planner sees every slot free, the links as declared and scaling factors of 1. On a graph scenario
/// the JSON ends with "slots_used_by_class" (the chain's JSON is unchanged).
/// </summary>
public sealed class PlanCommand : ICliCommand
{
    public Command Build()
    {
        var scenario = new ScenarioOptions();
        var algorithm = new Option<string>("--algorithm") { Description = $"One of {string.Join(", ", AlgorithmCatalog.Names)}.", Required = true };
        var requests = new Option<string?>("--requests") { Description = "CSV of requests: id (optional), model, task, min_accuracy, max_latency_s." };
        var command = new Command("plan", "Print the deployment plan an algorithm makes for a set of requests, as JSON.");
        scenario.AddTo(command);
        command.Options.Add(algorithm);
        command.Options.Add(requests);
        command.SetAction(parse =>
        {
            var s = scenario.Load(parse);
            var spec = AlgorithmCatalog.Get(parse.GetValue(algorithm)!);
            var input = parse.GetValue(requests) is { } path ? ReadRequests(path, s.Models) : FirstAggregation(s);
            if (input.Count == 0) throw new UserInputException(parse.GetValue(requests) ?? s.SourcePath, "requests", "the request set is empty: nothing to plan");
            var predictor = new LatencyPredictor(s.Topology, s.Models);
            var view = new LatencyPredictorView(predictor, NetworkState.FromTopology(s.Topology), predictor.UnitTau());
            var free = s.Topology.Tiers.Select(t => t.Slots).ToArray();
            var plan = spec.Planner.Plan(new PlanningContext(input, free, view));
            var json = JsonSerializer.SerializeToNode(ToJson(plan, s, input))!.AsObject();
            if (!s.Topology.IsChain) json["slots_used_by_class"] = JsonSerializer.SerializeToNode(ByClass(plan, s));
            Console.WriteLine(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        });
        return command;
    }

    /// <summary>The requests arriving before the first aggregation: what the planner sees first in a run.</summary>
    private static List<Request> FirstAggregation(Scenario s) =>
        new RequestGenerator(s.Workload, s.Streams(0)).Generate(s.Controller.AggregationPeriodS).ToList();

    internal static List<Request> ReadRequests(string path, ModelCatalog models)
    {
        var (header, rows) = CsvTable.Read(path);
        int Column(string name, bool required = true)
        {
            int i = Array.IndexOf(header, name);
            if (i < 0 && required) throw new UserInputException(path, name, "missing column");
            return i;
        }
        int id = Column("id", required: false), arrival = Column("arrival_s", required: false);
        int model = Column("model"), task = Column("task"), accuracy = Column("min_accuracy"), latency = Column("max_latency_s");
        var result = new List<Request>();
        for (int n = 0; n < rows.Count; n++)
        {
            var row = rows[n];
            string where = $"line {n + 2}";
            if (!models.TryGet(row[model], out var spec)) throw new UserInputException(path, $"{where} model", $"unknown model '{row[model]}'; the scenario has {string.Join(", ", models.Models.Select(m => m.Name))}");
            if (spec.TaskIndex(row[task]) < 0) throw new UserInputException(path, $"{where} task", $"model {spec.Name} has no task '{row[task]}'");
            double minAccuracy = CsvTable.ParseNum(row[accuracy], path, $"{where} min_accuracy");
            double maxLatency = CsvTable.ParseNum(row[latency], path, $"{where} max_latency_s");
            if (!(minAccuracy is >= 0 and <= 1)) throw new UserInputException(path, $"{where} min_accuracy", $"{row[accuracy]} is outside 0..1");
            if (!(maxLatency > 0)) throw new UserInputException(path, $"{where} max_latency_s", $"{row[latency]} is not a positive number of seconds");
            int requestId = id >= 0 ? (int)CsvTable.ParseNum(row[id], path, $"{where} id") : n;
            double at = arrival >= 0 ? CsvTable.ParseNum(row[arrival], path, $"{where} arrival_s") : 0;
            result.Add(new Request(requestId, double.IsNaN(at) ? 0 : at, spec.Name, row[task], minAccuracy, maxLatency));
        }
        if (result.Select(r => r.Id).Distinct().Count() != result.Count) throw new UserInputException(path, "id", "request ids must be unique");
        return result;
    }

    /// <summary>
    /// On a graph scenario, the plan's slots per node class (the run's node-classes.csv classes, in its
    /// order), so a plan over thousands of devices reads in a few lines; the per-node list stays in the plan.
    /// </summary>
    private static object ByClass(DeploymentPlan plan, Scenario s)
    {
        var usage = new Core.Metrics.NodeClassUsage(s.Topology);
        return usage.NodeClasses.Select(c =>
        {
            var nodes = Enumerable.Range(0, s.Topology.NodeCount).Where(n => s.Topology.Nodes[n].ClassName == c).ToList();
            return new { @class = c, nodes = nodes.Count, used = nodes.Sum(n => plan.SlotsUsed[n]), of = nodes.Sum(n => s.Topology.Nodes[n].Slots) };
        }).ToList();
    }

    private static object ToJson(DeploymentPlan plan, Scenario s, IReadOnlyList<Request> input) => new
    {
        algorithm = plan.Algorithm,
        scenario = s.Name,
        requests = input.Count,
        predicted_served = plan.PredictedServed,
        slots_used = s.Topology.Tiers.Select((t, k) => new { tier = t.Name, used = plan.SlotsUsed[k], of = t.Slots }),
        models = plan.Deployments.Select(d => new
        {
            model = d.Model,
            partition_points = d.Partition.Cuts,
            tiers = d.TiersUsed.Select(k => s.Topology.Nodes[s.Topology.PathOf(s.Models[d.Model]).Nodes[k]].Name),
            tasks = d.Tasks.Select(t => new
            {
                task = t.Task,
                exit = s.Models[d.Model].Task(t.Task).Exits[t.ExitIndex].Name,
                exit_index = t.ExitIndex,
                accuracy = t.Accuracy,
                predicted_latency_ms = Math.Round(t.PredictedLatencyS * 1000, 3),
            }),
            served_request_ids = d.ServedRequestIds,
        }),
        unplaced_request_ids = plan.UnplacedRequestIds,
    };
}
