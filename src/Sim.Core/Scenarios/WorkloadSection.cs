namespace T2CSim.Core.Scenarios;

using T2CSim.Core.Domain;
using T2CSim.Core.Workload;
using YamlDotNet.RepresentationModel;

/// <summary>
/// `workload:` -> WorkloadSpec: the hourly profile (CSV path relative to the scenario), where in it
/// the run starts, the multiplier, the (model, task) mix (default: uniform over every task of every
/// model) and the requirement distributions:
///   {distribution: uniform, low: a, high: b}  or  {distribution: choice, values: [...], weights: [...]};
/// the accuracy distribution may add `relative_to: final_exit` (a fraction of the task's final accuracy);
/// `arrivals: NAME` picks a registered arrival process (default profile-poisson, the thesis's);
/// `places:` says which device each request is for (PlacesSection; absent: the single-device chain).
/// </summary>
internal static class WorkloadSection
{
    public static readonly string[] Keys = ["profile", "start_hour", "multiplier", "mix", "accuracy", "latency_s", "arrivals", "devices", "places"];

    public static WorkloadSpec Bind(YamlMap w, ModelCatalog models, string directory, Domain.Topology topology)
    {
        var profilePath = ScenarioLoader.ResolveFile(w, "profile", directory, "hourly profile");
        HourlyProfile profile;
        try { profile = HourlyProfile.Read(profilePath); }
        catch (UserInputException e) { throw w.Error("profile", e.Message); }
        double startHour = w.Double("start_hour");
        if (startHour is < 0 or >= 24) throw w.Error("start_hour", $"{startHour} is not an hour of the day (0 <= h < 24)");
        double multiplier = w.Double("multiplier");
        if (!(multiplier > 0)) throw w.Error("multiplier", $"{multiplier}: the multiplier must be positive");
        var mix = BindMix(w, models);
        var accuracy = Distribution(w, "accuracy", low: 0, high: 1, lowOpen: false);
        var latency = Distribution(w, "latency_s", low: 0, high: double.PositiveInfinity, lowOpen: true);
        var arrivals = w.OptionalString("arrivals") is { } name ? ArrivalProcesses.Get(name, w.File, w.Field("arrivals")) : ProfilePoissonArrivals.Instance;
        var places = w.Optional("places") is null ? null : PlacesSection.Bind(w, directory);
        // Which device a request is for: workload.places (a device first, from the places module), or
        // workload.devices (among the devices the request's model is on); not both.
        var devices = places is null ? DevicesSection.Bind(w, models, topology) : DevicesSection.ForPlaces(w, places, models, topology, mix);
        return new WorkloadSpec(profile, profilePath, startHour, multiplier, mix, accuracy, latency, RelativeToFinal(w)) { Arrivals = arrivals, Places = places, Devices = devices };
    }

    /// <summary>`accuracy.relative_to`: absent (absolute requirements) or final_exit.</summary>
    private static bool RelativeToFinal(YamlMap w)
    {
        var d = YamlMap.Open(w.File, w.Field("accuracy"), w.Required("accuracy"), "distribution", "low", "high", "values", "weights", "relative_to");
        if (d.Optional("relative_to") is null) return false;
        var value = d.String("relative_to");
        return value == "final_exit" ? true : throw d.Error("relative_to", $"'{value}' is not final_exit");
    }

    /// <summary>`mix: {model: {task: weight}}`; tasks not listed get no requests.</summary>
    private static IReadOnlyList<TaskShare> BindMix(YamlMap w, ModelCatalog models)
    {
        if (w.Optional("mix") is not { } node)
            return models.Declared.Select(m => m).SelectMany(m => m.Tasks.Select(t => new TaskShare(m.Base, t.Name, 1.0, t.FinalExit.Accuracy))).ToArray();
        var byModel = YamlMap.Open(w.File, w.Field("mix"), node, models.Declared.Select(m => m.Base).ToArray());
        var shares = new List<TaskShare>();
        foreach (var modelName in byModel.Keys)
        {
            var model = models.InstancesOf(modelName)[0];
            var byTask = YamlMap.Open(w.File, byModel.Field(modelName), byModel.Required(modelName), model.Tasks.Select(t => t.Name).ToArray());
            foreach (var task in byTask.Keys)
            {
                double weight = byTask.Double(task);
                if (weight < 0) throw byTask.Error(task, $"{weight}: a weight cannot be negative");
                if (weight > 0) shares.Add(new TaskShare(modelName, task, weight, model.Task(task).FinalExit.Accuracy));
            }
        }
        if (shares.Count == 0) throw w.Error("mix", "every weight is zero: no request could be drawn");
        return shares;
    }

    private static RequirementDistribution Distribution(YamlMap w, string key, double low, double high, bool lowOpen)
    {
        string bounds = $"{(lowOpen ? "above" : "within")} {low}{(double.IsFinite(high) ? $"..{high}" : "")}";
        void Check(YamlMap d, string field, double v)
        {
            if (v > high || v < low || (lowOpen && v == low)) throw new UserInputException(d.File, field, $"{v} is not {bounds}");
        }
        string[] extra = key == "accuracy" ? ["relative_to"] : [];
        var kind = YamlMap.Open(w.File, w.Field(key), w.Required(key), ["distribution", "low", "high", "values", "weights", .. extra]).String("distribution");
        switch (kind)
        {
            case "uniform":
            {
                var d = YamlMap.Open(w.File, w.Field(key), w.Required(key), ["distribution", "low", "high", .. extra]);
                double a = d.Double("low"), b = d.Double("high");
                Check(d, d.Field("low"), a);
                Check(d, d.Field("high"), b);
                if (b < a) throw d.Error("high", $"{b} is below low ({a})");
                return new UniformRequirement(a, b);
            }
            case "choice":
            {
                var d = YamlMap.Open(w.File, w.Field(key), w.Required(key), ["distribution", "values", "weights", .. extra]);
                var values = Numbers(d, "values");
                if (values.Count == 0) throw d.Error("values", "no value to choose from");
                for (int i = 0; i < values.Count; i++) Check(d, $"{d.Field("values")}.{i}", values[i]);
                var weights = d.Optional("weights") is null ? values.Select(_ => 1.0).ToList() : Numbers(d, "weights");
                if (weights.Count != values.Count) throw d.Error("weights", $"{weights.Count} weights for {values.Count} values");
                if (weights.Any(x => x < 0) || weights.Sum() <= 0) throw d.Error("weights", "weights must be non-negative with a positive sum");
                return new ChoiceRequirement(values, weights);
            }
            default:
                throw new UserInputException(w.File, $"{w.Field(key)}.distribution", $"'{kind}' is not uniform or choice");
        }
    }

    private static List<double> Numbers(YamlMap d, string key)
    {
        var list = d.Sequence(key);
        var numbers = new List<double>();
        for (int i = 0; i < list.Children.Count; i++)
        {
            string field = $"{d.Field(key)}.{i}";
            if (list.Children[i] is not YamlScalarNode s) throw new UserInputException(d.File, field, "expected a number");
            numbers.Add(d.ParseDouble(field, s.Value ?? ""));
        }
        return numbers;
    }
}
