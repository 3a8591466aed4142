namespace T2CSim.Hardware.Hil;

using System.Diagnostics;
using System.Reflection;

/// <summary>How to start `t2c agent`: the program and the arguments before `agent` (e.g. dotnet t2c.dll, or ip netns exec NS ...).</summary>
public sealed record AgentCommandLine(string FileName, IReadOnlyList<string> PrefixArgs)
{
    /// <summary>The running t2c itself: its apphost, or `dotnet t2c.dll` when started through dotnet.</summary>
    public static AgentCommandLine ForCurrentProcess()
    {
        string path = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
            return new AgentCommandLine(path, [Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly")]);
        return new AgentCommandLine(path, []);
    }

    /// <summary>`dotnet PATH/t2c.dll` (tests, whose own process is the test host).</summary>
    public static AgentCommandLine ForAssembly(string dll) => new("dotnet", [dll]);

    /// <summary>
    /// The same command run inside a network namespace. nsenter enters the network namespace only:
    /// `ip netns exec` also remounts /sys for the namespace, which hides /sys/fs/cgroup, so the agent
    /// found no cgroup and ran without its tier's CPU quota.
    /// </summary>
    public AgentCommandLine InNamespace(string ns) => new("nsenter", [$"--net=/run/netns/{ns}", "--", FileName, .. PrefixArgs]);
}

/// <summary>
/// An agent child process: its output is kept (the last lines, for errors) and optionally echoed.
/// Disposing kills it if it is still running, so no agent outlives the run that started it.
/// </summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    public AgentProcess(string tier, AgentCommandLine command, IEnumerable<string> args, Action<string>? echo = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        Tier = tier;
        var info = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        foreach (var a in command.PrefixArgs) info.ArgumentList.Add(a);
        info.ArgumentList.Add("agent");
        foreach (var a in args) info.ArgumentList.Add(a);
        void Line(string? line)
        {
            if (line is null) return;
            lock (_tail)
            {
                _tail.Enqueue(line);
                while (_tail.Count > 40) _tail.Dequeue();
            }
            echo?.Invoke(line);
        }
        _process = new Process { StartInfo = info };
        _process.ErrorDataReceived += (_, e) => Line(e.Data);
        _process.OutputDataReceived += (_, e) => Line(e.Data);
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Tier { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Tail()
    {
        lock (_tail) return string.Join(" | ", _tail);
    }

    public void Kill()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
    }

    /// <summary>Waits for a clean exit (after Stop), then kills; removes the CPU group a killed agent left.</summary>
    public void Dispose()
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5))) Kill();
        _process.WaitForExit(TimeSpan.FromSeconds(5));
        int pid = _process.Id;
        _process.Dispose();
        RemoveLeftoverCgroup(Tier, pid);
    }

    /// <summary>
    /// An agent removes its own group on a clean exit; one killed (kill -9, a crash) cannot, and the
    /// empty group would stay behind. The group is named by tier and pid (AgentHost.JoinCpuQuota).
    /// </summary>
    public static void RemoveLeftoverCgroup(string tier, int pid, string root = Profiling.CpuQuotaCgroup.DefaultRoot)
    {
        string path = Path.Combine(root, $"{Agent.AgentCgroup.Prefix}{tier}-{pid}");
        for (int attempt = 0; attempt < 20 && Directory.Exists(path); attempt++)
        {
            try { Directory.Delete(path); }
            catch (IOException) { Thread.Sleep(50); } // its tasks are still leaving
            catch (UnauthorizedAccessException) { return; }
        }
    }
}
