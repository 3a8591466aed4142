namespace T2CSim.Hardware.Hil;

using System.Security.Cryptography;
using T2CSim.Core;
using T2CSim.Hardware.Security;

/// <summary>
/// The keys of one HIL run (docs/security.md): a folder given with --keys, or on loopback a fresh set
/// generated for the run in a private temporary folder (removed at the end); none with --insecure.
/// Agents the runner starts are told where their keys are and which peers are theirs.
/// </summary>
public sealed class RunKeys : IDisposable
{
    private readonly string[] _tiers;
    private readonly string[][] _upstream;
    private readonly string?[] _downstream;
    private readonly bool _temporary;

    private RunKeys(string? folder, bool temporary, string[] tiers, string[][] upstream, string?[] downstream)
    {
        Folder = folder;
        _temporary = temporary;
        _tiers = tiers;
        _upstream = upstream;
        _downstream = downstream;
        Controller = folder is null ? null : ControllerKeys.FromFolder(folder, tiers);
    }

    public string? Folder { get; }
    public ControllerKeys? Controller { get; }

    /// <summary>The chain's keys: tier k accepts Jobs from tier k-1 (the controller's sensor for tier 0) and forwards to tier k+1.</summary>
    public static RunKeys For(HilOptions options, string[] tiers, Action<string> log) =>
        For(options, tiers,
            tiers.Select((_, k) => k == 0 ? new[] { KeyFiles.Controller } : [tiers[k - 1]]).ToArray(),
            tiers.Select((_, k) => k + 1 < tiers.Length ? tiers[k + 1] : null).ToArray(), log);

    /// <summary>
    /// One agent per node of a tree (docs/topology.md): a device accepts Jobs from the controller's
    /// sensor, any other node from its children; each forwards to its parent. The chain gives the chain's keys.
    /// </summary>
    public static RunKeys For(HilOptions options, Core.Domain.Topology topology, Action<string> log)
    {
        var names = topology.Nodes.Select(n => n.Name).ToArray();
        var upstream = names.Select((_, n) => topology.PathIndexOfNode(n) >= 0
            ? new[] { KeyFiles.Controller }
            : Enumerable.Range(0, names.Length).Where(c => topology.Nodes[c].Parent == n).Select(c => names[c]).ToArray()).ToArray();
        var downstream = topology.Nodes.Select(n => n.Parent >= 0 ? names[n.Parent] : null).ToArray();
        return For(options, names, upstream, downstream, log);
    }

    private static RunKeys For(HilOptions options, string[] tiers, string[][] upstream, string?[] downstream, Action<string> log)
    {
        if (options.Insecure)
        {
            log("INSECURE: no CURVE, no seals; any local process can register, send jobs and forge results (--insecure is for measuring their cost only)");
            return new RunKeys(null, false, tiers, upstream, downstream);
        }
        if (options.KeyFolder is { } folder)
        {
            if (!Directory.Exists(folder)) throw new UserInputException(folder, "--keys", File.Exists(folder) ? "is a file, not a folder of keys" : "folder not found (make one with `t2c keys generate`)");
            return new RunKeys(folder, false, tiers, upstream, downstream);
        }
        if (options.ExternalAgents is not null)
            throw new UserInputException(null, "--keys", "agents on other hosts need shared keys: `t2c keys generate --out DIR`, give each host its files, then --keys DIR (or --insecure to measure without CURVE)");
        string temporary = Path.Combine(Path.GetTempPath(), "t2c-keys-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant());
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(temporary);
        else Directory.CreateDirectory(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        KeyFiles.Generate(temporary, [KeyFiles.Controller, .. tiers]);
        return new RunKeys(temporary, true, tiers, upstream, downstream);
    }

    /// <summary>`t2c agent` arguments for tier (node) k: its keys, its upstream peers (the controller's sensor for a device) and downstream.</summary>
    public IReadOnlyList<string> AgentArguments(int k)
    {
        if (Folder is null) return ["--insecure"];
        var args = new List<string> { "--keys", Folder, "--upstream", string.Join(',', _upstream[k]) };
        if (_downstream[k] is { } next) args.AddRange(["--downstream", next]);
        return args;
    }

    public void Dispose()
    {
        if (!_temporary || Folder is null) return;
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
