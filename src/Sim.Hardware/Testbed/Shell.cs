namespace T2CSim.Hardware.Testbed;

using System.Diagnostics;

/// <summary>Runs ip/tc; a failure is an exception carrying the command and its stderr, on one line.</summary>
public static class Shell
{
    public static string Run(string file, params string[] args)
    {
        var (code, output, error) = TryRun(file, args);
        if (code != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {error.Trim().ReplaceLineEndings(" ")}");
        return output;
    }

    public static (int Code, string Output, string Error) TryRun(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(info)!;
            var output = p.StandardOutput.ReadToEndAsync();
            string error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output.Result, error);
        }
        catch (System.ComponentModel.Win32Exception e) { return (127, "", $"{file}: {e.Message}"); }
    }
}
