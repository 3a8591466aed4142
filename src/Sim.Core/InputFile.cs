namespace T2CSim.Core;

using System.Runtime.InteropServices;

/// <summary>
/// A file a user named (scenario, lookup table, profile, trace), checked before it is opened: a
/// folder, a device, a pipe or a socket is named as such (not "not found", and never opened: reading a
/// pipe can block for ever, a device can be endless), and a file over the size limit is refused
/// with the limit, since readers keep what they read.
/// </summary>
public static class InputFile
{
    public static void Check(string path, string what, long maxBytes)
    {
        if (Directory.Exists(path)) throw new UserInputException(path, null, $"is a folder, not a {what}");
        if (!File.Exists(path)) throw new UserInputException(path, null, $"{what} not found");
        if (SpecialKind(path) is { } kind) throw new UserInputException(path, null, $"is a {kind}, not a {what} (a regular file is needed)");
        long length = new FileInfo(path).Length;
        if (length > maxBytes)
            throw new UserInputException(path, null, $"{length:N0} bytes: a {what} may have at most {maxBytes:N0} bytes");
    }

    /// <summary>"device", "pipe" or "socket" for a special file; null for a regular file (or where this cannot be told).</summary>
    public static string? SpecialKind(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        int modeOffset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,   // st_dev, st_ino, st_nlink (8 bytes each), then st_mode
            Architecture.Arm64 => 16, // st_dev, st_ino, then st_mode
            _ => -1,
        };
        if (modeOffset < 0) return null;
        var buffer = new byte[256];
        try
        {
            if (Stat(path, buffer) != 0) return null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { return null; }
        uint type = BitConverter.ToUInt32(buffer, modeOffset) & 0xF000; // S_IFMT
        return type switch
        {
            0x2000 or 0x6000 => "device",
            0x1000 => "pipe",
            0xC000 => "socket",
            _ => null,
        };
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}
