namespace T2CSim.Hardware.Profiling;

/// <summary>The machine a profile runs on, for the tables' provenance comments.</summary>
public static class HostMachine
{
    public static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is var i and >= 0)
                    return line[(i + 1)..].Trim();
        }
        catch (IOException) { }
        return "unknown CPU";
    }

    public static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    public static string Describe() =>
        $"{CpuModel()}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, load average {LoadAverage()} at start, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
}
