namespace T2CSim.Hardware.Security;

using T2CSim.Core;

/// <summary>
/// Keys on disk, one folder for a testbed: NAME.key holds a secret key, NAME.pub a public key, each
/// as one line of Z85 (40 characters, ZeroMQ's text form). A Kubernetes Secret mounted as a volume
/// gives the same layout. Secret files are written readable by their owner only.
/// Names: "controller" and the scenario's tier names.
/// </summary>
public static class KeyFiles
{
    public const string Controller = "controller";

    public static void Write(string folder, string name, CurveKeyPair pair)
    {
        Directory.CreateDirectory(folder);
        string secret = SecretPath(folder, name);
        File.WriteAllText(secret, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(secret, pair.SecretZ85 + "\n");
        File.WriteAllText(PublicPath(folder, name), pair.PublicZ85 + "\n");
    }

    /// <summary>Writes a fresh pair for every name; returns them.</summary>
    public static IReadOnlyDictionary<string, CurveKeyPair> Generate(string folder, IEnumerable<string> names)
    {
        var pairs = new Dictionary<string, CurveKeyPair>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var pair = CurveKeyPair.Generate();
            Write(folder, name, pair);
            pairs[name] = pair;
        }
        return pairs;
    }

    public static CurveKeyPair ReadPair(string folder, string name) => CurveKeyPair.FromSecret(ReadKey(SecretPath(folder, name), "secret key", secret: true));

    public static byte[] ReadPublic(string folder, string name) => ReadKey(PublicPath(folder, name), "public key", secret: false);

    public static string SecretPath(string folder, string name) => Path.Combine(folder, name + ".key");
    public static string PublicPath(string folder, string name) => Path.Combine(folder, name + ".pub");

    private static byte[] ReadKey(string path, string what, bool secret)
    {
        if (Directory.Exists(path)) throw new UserInputException(path, null, $"is a directory, not a {what} file");
        if (!File.Exists(path)) throw new UserInputException(path, null, $"{what} file not found (make one with `t2c keys generate`)");
        var info = new FileInfo(path);
        if (info.Length > 1024) throw new UserInputException(path, null, $"{info.Length} bytes: not a {what} (one line of 40 Z85 characters)");
        string text = File.ReadAllText(path).Trim();
        if (text.Length != 40) throw new UserInputException(path, null, $"not a {what}: expected 40 Z85 characters, got {text.Length}");
        try { return CurveKeyPair.DecodeZ85(text, secret); }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        { throw new UserInputException(path, null, $"not a {what}: invalid Z85"); }
    }
}
