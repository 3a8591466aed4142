namespace T2CSim.Samples;

using T2CSim.Core.Extensions;
using T2CSim.Core.Planning;

/// <summary>
/// Registers KEEP_RAW: T2C_MHE's controller features (multi-task, hitchhiking, early exits) with the
/// planner above. Program.cs calls it; `t2c run|sweep --plugin CustomPlanner.dll` finds it by itself.
/// </summary>
public sealed class Plugin : IExtension
{
    public void Register() =>
        AlgorithmCatalog.Register(new AlgorithmSpec("KEEP_RAW", MultiTask: true, Hitchhiking: true, EarlyExit: true, Reconfiguration: false, new KeepRawOnDevicePlanner()));
}
