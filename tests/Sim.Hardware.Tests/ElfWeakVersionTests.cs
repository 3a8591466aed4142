namespace T2CSim.Tests.Hardware;

using System.Reflection;
using T2CSim.Build;

/// <summary>The GLIBCXX weak-version patcher, on copies of the real TorchSharp native library.</summary>
public class ElfWeakVersionTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string Original()
    {
        string root = typeof(ElfWeakVersionTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        var path = Directory.GetFiles(Path.Combine(root, "torchsharp"), "libLibTorchSharp.so", SearchOption.AllDirectories)
            .FirstOrDefault(p => p.Contains("linux-x64", StringComparison.Ordinal));
        Assert.That(path, Is.Not.Null, "TorchSharp's linux-x64 native library in the NuGet cache");
        return path!;
    }

    [Test]
    [Category("Slow")]
    public void Marks_the_version_weak_once_and_changes_only_its_flag()
    {
        string copy = Path.Combine(Path.GetTempPath(), $"t2c-elf-{Guid.NewGuid():N}.so");
        File.Copy(Original(), copy);
        try
        {
            byte[] before = File.ReadAllBytes(copy);
            Assert.That(ElfWeakVersion.IsWeak(copy, Version), Is.False, "the NuGet original is not patched");

            Assert.That(ElfWeakVersion.MarkWeak(copy, Version), Is.EqualTo(WeakVersionResult.Patched));
            byte[] after = File.ReadAllBytes(copy);
            Assert.That(ElfWeakVersion.IsWeak(copy, Version), Is.True);
            var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
            Assert.That(changed, Has.Length.EqualTo(1), "only the Vernaux flags byte changes");
            Assert.That(after[changed[0]] ^ before[changed[0]], Is.EqualTo(0x2), "VER_FLG_WEAK");

            Assert.That(ElfWeakVersion.MarkWeak(copy, Version), Is.EqualTo(WeakVersionResult.AlreadyWeak));
            Assert.That(File.ReadAllBytes(copy), Is.EqualTo(after), "idempotent");
            Assert.That(ElfWeakVersion.MarkWeak(copy, "GLIBCXX_9.9.99"), Is.EqualTo(WeakVersionResult.NotRequired));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Test]
    public void The_build_patched_this_output_and_left_the_cache_alone()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.That(ElfWeakVersion.IsWeak(output, Version), Is.True);
        Assert.That(ElfWeakVersion.IsWeak(Original(), Version), Is.False);
    }

    [Test]
    public void Refuses_a_file_that_is_not_elf()
    {
        Assert.Throws<InvalidDataException>(() => ElfWeakVersion.MarkWeak(new byte[128], Version, "zeros"));
    }
}
