// Marks one symbol-version requirement of an ELF64 shared library weak (VER_FLG_WEAK), so the
// dynamic loader accepts a system library that lacks that version instead of refusing to load.
//
// Why: TorchSharp 0.107's libLibTorchSharp.so requires GLIBCXX_3.4.32 only for
// _ZSt21ios_base_library_initv, which nothing calls; Debian 12's libstdc++ stops at 3.4.30, so the
// first torch call fails with a misleading "doesn't contain a reference to libtorch" error. glibc's
// loader skips a missing version whose Vernaux entry is weak. We patch the build output's copy
// only, never the NuGet cache.
//
// This one file is both the MSBuild inline task (build/NativeLibraryFixes.targets compiles it with
// RoslynCodeTaskFactory) and, with T2CSIM_NO_MSBUILD defined, a plain class the tests compile.
using System;
using System.IO;
using System.Text;

namespace T2CSim.Build
{
    public enum WeakVersionResult { Patched, AlreadyWeak, NotRequired }

    public static class ElfWeakVersion
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlgWeak = 0x2;

        /// <summary>Sets VER_FLG_WEAK on every Vernaux entry naming <paramref name="version"/>. Idempotent.</summary>
        public static WeakVersionResult MarkWeak(string path, string version)
        {
            byte[] elf = File.ReadAllBytes(path);
            WeakVersionResult result = MarkWeak(elf, version, path);
            if (result == WeakVersionResult.Patched)
            {
                // Write a new file and rename it over the old one instead of writing in place: if the
                // output copy were a hard link or symlink into the NuGet cache, the cache stays intact.
                string temp = path + ".weakversion.tmp";
                File.WriteAllBytes(temp, elf);
                File.Replace(temp, path, null);
            }
            return result;
        }

        /// <summary>Patches the image in memory; <paramref name="source"/> only names it in errors.</summary>
        public static WeakVersionResult MarkWeak(byte[] elf, string version, string source)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException(source + ": not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException(source + ": only little-endian ELF64 is supported");

            long shoff = (long)U64(elf, 0x28, source);
            int shentsize = U16(elf, 0x3A, source);
            int shnum = U16(elf, 0x3C, source);
            bool found = false, changed = false;
            for (int s = 0; s < shnum; s++)
            {
                long sh = shoff + (long)s * shentsize;
                if (U32(elf, sh + 4, source) != ShtGnuVerneed) continue;
                long offset = (long)U64(elf, sh + 0x18, source);
                int strtabIndex = (int)U32(elf, sh + 0x28, source);
                uint needCount = U32(elf, sh + 0x2C, source);
                long strtab = (long)U64(elf, shoff + (long)strtabIndex * shentsize + 0x18, source);

                long need = offset;
                for (uint n = 0; n < needCount; n++)
                {
                    int auxCount = U16(elf, need + 2, source);
                    long aux = need + U32(elf, need + 8, source);
                    for (int a = 0; a < auxCount; a++)
                    {
                        if (Name(elf, strtab + U32(elf, aux + 8, source), source) == version)
                        {
                            found = true;
                            int flags = U16(elf, aux + 4, source);
                            if ((flags & VerFlgWeak) == 0)
                            {
                                flags |= VerFlgWeak;
                                elf[aux + 4] = (byte)flags;
                                elf[aux + 5] = (byte)(flags >> 8);
                                changed = true;
                            }
                        }
                        uint nextAux = U32(elf, aux + 12, source);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = U32(elf, need + 12, source);
                    if (next == 0) break;
                    need += next;
                }
            }
            if (!found) return WeakVersionResult.NotRequired;
            return changed ? WeakVersionResult.Patched : WeakVersionResult.AlreadyWeak;
        }

        /// <summary>Whether every Vernaux entry naming <paramref name="version"/> is weak (false when none names it).</summary>
        public static bool IsWeak(string path, string version)
        {
            byte[] copy = File.ReadAllBytes(path);
            return MarkWeak(copy, version, path) == WeakVersionResult.AlreadyWeak;
        }

        private static void Check(byte[] elf, long at, int size, string source)
        {
            if (at < 0 || at + size > elf.Length) throw new InvalidDataException(source + ": truncated ELF (offset " + at + ")");
        }
        private static int U16(byte[] b, long at, string source) { Check(b, at, 2, source); return b[at] | (b[at + 1] << 8); }
        private static uint U32(byte[] b, long at, string source) { Check(b, at, 4, source); return BitConverter.ToUInt32(b, (int)at); }
        private static ulong U64(byte[] b, long at, string source) { Check(b, at, 8, source); return BitConverter.ToUInt64(b, (int)at); }
        private static string Name(byte[] b, long at, string source)
        {
            Check(b, at, 1, source);
            long end = at;
            while (end < b.Length && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)at, (int)(end - at));
        }
    }

#if !T2CSIM_NO_MSBUILD
    /// <summary>MSBuild task: marks <see cref="Version"/> weak in each of <see cref="Files"/>.</summary>
    public sealed class MarkElfVersionWeak : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = "";

        public override bool Execute()
        {
            foreach (var item in Files)
            {
                try
                {
                    var result = ElfWeakVersion.MarkWeak(item.ItemSpec, Version);
                    if (result == WeakVersionResult.Patched)
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "Marked " + Version + " weak in " + item.ItemSpec);
                }
                catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
                {
                    Log.LogError("Cannot mark " + Version + " weak in " + item.ItemSpec + ": " + e.Message);
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
