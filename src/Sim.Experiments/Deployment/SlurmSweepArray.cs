namespace T2CSim.Experiments.Deployment;

using System.Globalization;

/// <summary>
/// A sharded sweep as Slurm batch scripts (`t2c slurm sweep-array`): sweep-array.sbatch is a job
/// array of N tasks whose SLURM_ARRAY_TASK_ID is the shard; merge.sbatch joins the shards; submit.sh
/// submits both, the merge with --dependency=afterok on the whole array. Every path is on the shared
/// file system the cluster's nodes see; `t2c` is taken from $T2C (default: t2c on the PATH).
/// </summary>
public static class SlurmSweepArray
{
    /// <param name="concurrent">Array tasks running at once (the %N of --array), 0 for no limit.</param>
    public static string ArrayScript(ShardedSweep sweep, int cpus, string timeLimit, int concurrent, string? partition)
    {
        string last = (sweep.Shards - 1).ToString(CultureInfo.InvariantCulture);
        string limit = concurrent > 0 ? "%" + concurrent.ToString(CultureInfo.InvariantCulture) : "";
        var args = sweep.ShardArgs("${SLURM_ARRAY_TASK_ID}", "${SLURM_CPUS_PER_TASK:-1}");
        return Header($"{sweep.Name}-shards", cpus, timeLimit, partition, $"{sweep.ResultsRoot}/logs/shard-%a.out", $"#SBATCH --array=0-{last}{limit}")
            + $"mkdir -p {Shell.Quote(sweep.ResultsRoot)}\n"
            + $"\"${{T2C:-t2c}}\" {Shell.Join(args)}\n";
    }

    public static string MergeScript(ShardedSweep sweep, string? partition) =>
        Header($"{sweep.Name}-merge", 1, "01:00:00", partition, $"{sweep.ResultsRoot}/logs/merge.out", null)
        + $"\"${{T2C:-t2c}}\" {Shell.Join(sweep.MergeArgs())}\n";

    public static string SubmitScript(ShardedSweep sweep) => $$"""
        #!/usr/bin/env bash
        # Submits the sharded sweep {{sweep.Name}}: the array of {{sweep.Shards}} shards, then the merge once all succeeded.
        set -euo pipefail
        cd "$(dirname "$0")"
        mkdir -p {{Shell.Quote(sweep.ResultsRoot + "/logs")}}
        array=$(sbatch --parsable sweep-array.sbatch)
        merge=$(sbatch --parsable --dependency=afterok:"${array%%;*}" merge.sbatch)
        echo "submitted array $array and merge $merge; results in {{sweep.MergedDir}}"

        """.Replace("\r\n", "\n");

    private static string Header(string job, int cpus, string timeLimit, string? partition, string output, string? array)
    {
        var lines = new List<string>
        {
            "#!/usr/bin/env bash",
            $"#SBATCH --job-name={job}",
            $"#SBATCH --cpus-per-task={cpus.ToString(CultureInfo.InvariantCulture)}",
            "#SBATCH --ntasks=1",
            $"#SBATCH --time={timeLimit}",
            $"#SBATCH --output={output}",
        };
        if (array is not null) lines.Add(array);
        if (!string.IsNullOrEmpty(partition)) lines.Add($"#SBATCH --partition={partition}");
        lines.Add("set -euo pipefail");
        return string.Join('\n', lines) + "\n";
    }
}

/// <summary>POSIX shell quoting: a word is left bare when safe, else single-quoted; ${...} stays expandable.</summary>
internal static class Shell
{
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=,:%+@".Contains(c))) return word;
        // A word holding a scheduler variable is double-quoted so the shell expands it; nothing else in it may be special.
        if (word.Contains("${", StringComparison.Ordinal) && !word.Any(c => c is '"' or '\\' or '`') && word.Replace("${", "").IndexOf('$') < 0)
            return "\"" + word + "\"";
        return "'" + word.Replace("'", "'\\''") + "'";
    }
}
