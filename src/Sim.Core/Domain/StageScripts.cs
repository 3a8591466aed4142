namespace T2CSim.Core.Domain;

/// <summary>
/// The stage scripts of a run's jobs by shape: the same model (object), an equal partition, and the
/// same tasks at the same exits (objects, in slot order) get the same script. The shapes are few (a
/// deployment's plan serves a handful of task combinations), however many jobs run.
/// </summary>
public sealed class StageScripts
{
    private readonly Dictionary<Shape, StageScript> _byShape = [];

    public StageScript For(ModelSpec model, IReadOnlyList<(TaskSpec Task, ExitSpec Exit)> tasks, PartitionPoints cuts)
    {
        var shape = new Shape(model, cuts, tasks);
        if (!_byShape.TryGetValue(shape, out var script)) _byShape[shape] = script = new StageScript(model, tasks, cuts);
        return script;
    }

    private readonly struct Shape(ModelSpec model, PartitionPoints cuts, IReadOnlyList<(TaskSpec Task, ExitSpec Exit)> tasks) : IEquatable<Shape>
    {
        private readonly ModelSpec _model = model;
        private readonly PartitionPoints _cuts = cuts;
        private readonly IReadOnlyList<(TaskSpec Task, ExitSpec Exit)> _tasks = tasks;

        public bool Equals(Shape other)
        {
            if (!ReferenceEquals(_model, other._model) || !_cuts.Equals(other._cuts) || _tasks.Count != other._tasks.Count) return false;
            if (ReferenceEquals(_tasks, other._tasks)) return true;
            for (int i = 0; i < _tasks.Count; i++)
                if (!ReferenceEquals(_tasks[i].Task, other._tasks[i].Task) || !ReferenceEquals(_tasks[i].Exit, other._tasks[i].Exit)) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is Shape other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_model));
            hash.Add(_cuts);
            for (int i = 0; i < _tasks.Count; i++) hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_tasks[i].Exit));
            return hash.ToHashCode();
        }
    }
}
