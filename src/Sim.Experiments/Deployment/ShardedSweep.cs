namespace T2CSim.Experiments.Deployment;

using System.Globalization;
using System.Text.RegularExpressions;
using T2CSim.Core;

/// <summary>
/// A sweep to be run as N shards on a cluster, as the generators of Kubernetes and Slurm jobs need
/// it: a name, the `t2c sweep` arguments every shard shares (checked locally before anything is
/// written), how many shards, and where results go. Each shard runs `t2c sweep ARGS --shard i/N
/// --out ROOT/shard-i --no-plots`; the merge runs `t2c merge ROOT/shard-0 .. ROOT/shard-(N-1) --out ROOT/merged`.
/// </summary>
public sealed record ShardedSweep(string Name, IReadOnlyList<string> SweepArgs, int Shards, string ResultsRoot)
{
    public static ShardedSweep Create(string name, IReadOnlyList<string> sweepArgs, int shards, string resultsRoot)
    {
        // A DNS-1123 label: the name becomes Kubernetes object names and Slurm job names.
        if (!Regex.IsMatch(name, "^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$"))
            throw new UserInputException(null, "--name", $"'{name}' must be lower-case letters, digits and '-' (at most 42), starting and ending with a letter or digit");
        if (shards < 1) throw new UserInputException(null, "--shards", $"{shards}: at least one shard is needed");
        return new ShardedSweep(name, sweepArgs, shards, resultsRoot.TrimEnd('/'));
    }

    public string ShardDir(string index) => $"{ResultsRoot}/shard-{index}";
    public string MergedDir => $"{ResultsRoot}/merged";

    /// <summary>The arguments of shard `index` (a number, or a variable the scheduler expands).</summary>
    public List<string> ShardArgs(string index, string parallel) =>
        ["sweep", .. SweepArgs, "--shard", $"{index}/{Shards.ToString(CultureInfo.InvariantCulture)}", "--out", ShardDir(index), "--parallel", parallel, "--no-plots"];

    public List<string> MergeArgs() =>
        ["merge", .. Enumerable.Range(0, Shards).Select(i => ShardDir(i.ToString(CultureInfo.InvariantCulture))), "--out", MergedDir];
}

/// <summary>A generated shell script, written executable where the file system knows the bit.</summary>
internal static class ScriptFile
{
    public static void Write(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }
}
