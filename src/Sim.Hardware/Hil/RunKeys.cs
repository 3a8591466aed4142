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
    private readonly bool _temporary;

    private RunKeys(string? folder, bool temporary, string[] tiers)
    {
        Folder = folder;
        _temporary = temporary;
        _tiers = tiers;
        Controller = folder is null ? null : ControllerKeys.FromFolder(folder, tiers);
    }

    public string? Folder { get; }
    public ControllerKeys? Controller { get; }

    public static RunKeys For(HilOptions options, string[] tiers, Action<string> log)
    {
        if (options.Insecure)
        {
            log("INSECURE: no CURVE, no seals; any local process can register, send jobs and forge results (--insecure is for measuring their cost only)");
            return new RunKeys(null, false, tiers);
        }
        if (options.KeyFolder is { } folder)
        {
            if (!Directory.Exists(folder)) throw new UserInputException(folder, "--keys", File.Exists(folder) ? "is a file, not a folder of keys" : "folder not found (make one with `t2c keys generate`)");
            return new RunKeys(folder, false, tiers);
        }
        if (options.ExternalAgents is not null)
            throw new UserInputException(null, "--keys", "agents on other hosts need shared keys: `t2c keys generate --out DIR`, give each host its files, then --keys DIR (or --insecure to measure without CURVE)");
        string temporary = Path.Combine(Path.GetTempPath(), "t2c-keys-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant());
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(temporary);
        else Directory.CreateDirectory(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        KeyFiles.Generate(temporary, [KeyFiles.Controller, .. tiers]);
        return new RunKeys(temporary, true, tiers);
    }

    /// <summary>`t2c agent` arguments for tier k: its keys, its upstream (the controller's sensor for the first tier) and downstream.</summary>
    public IReadOnlyList<string> AgentArguments(int k)
    {
        if (Folder is null) return ["--insecure"];
        var args = new List<string> { "--keys", Folder, "--upstream", k == 0 ? KeyFiles.Controller : _tiers[k - 1] };
        if (k + 1 < _tiers.Length) args.AddRange(["--downstream", _tiers[k + 1]]);
        return args;
    }

    public void Dispose()
    {
        if (!_temporary || Folder is null) return;
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
