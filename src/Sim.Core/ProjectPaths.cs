namespace T2CSim.Core;

/// <summary>Finds the checkout's folders (scenarios, lookup tables, traces) from wherever code runs.</summary>
public static class ProjectPaths
{
    private static readonly Lazy<string?> _root = new(() => FindRoot(AppContext.BaseDirectory) ?? FindRoot(Directory.GetCurrentDirectory()));

    /// <summary>The folder holding T2CSim.sln, or null when run outside a checkout.</summary>
    public static string? Root => _root.Value;

    public static string RootOrThrow => Root ?? throw new UserInputException(null, null, "cannot find the T2CSim checkout (no T2CSim.sln above the program or the current folder)");

    /// <summary>../shared beside the checkout, where the public 311 traces live.</summary>
    public static string SharedTraces => Path.GetFullPath(Path.Combine(RootOrThrow, "..", "shared", "data", "traces"));

    public static string InRoot(params string[] parts) => Path.Combine([RootOrThrow, .. parts]);

    private static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "T2CSim.sln"))) return dir.FullName;
        return null;
    }
}
