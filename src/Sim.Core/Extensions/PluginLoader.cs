namespace T2CSim.Core.Extensions;

using System.Reflection;
using System.Runtime.Loader;

/// <summary>
/// Loads plugin assemblies and runs their IExtension classes. A plugin shares this process's
/// Sim.Core (so the types it registers are the ones t2c reads); its other dependencies are looked up
/// beside it. Anything wrong with a plugin is one line naming the file.
/// </summary>
public static class PluginLoader
{
    private static readonly object Gate = new();
    private static readonly HashSet<string> Loaded = new(StringComparer.Ordinal);

    /// <summary>Loads the assembly at `path` and registers what it holds (once per process: a second call does nothing); returns the extension classes run.</summary>
    public static IReadOnlyList<string> Load(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new UserInputException(path, null, "plugin assembly not found");
        lock (Gate)
        {
            if (Loaded.Contains(full)) return [];
            Assembly assembly;
            try
            {
                string folder = Path.GetDirectoryName(full)!;
                AssemblyLoadContext.Default.Resolving += (context, name) =>
                    File.Exists(Path.Combine(folder, name.Name + ".dll")) ? context.LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll")) : null;
                assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException)
            {
                throw new UserInputException(path, null, $"not a .NET assembly t2c can load ({e.GetType().Name})");
            }
            Type[] types;
            try { types = assembly.GetExportedTypes(); }
            catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException)
            {
                throw new UserInputException(path, null, $"its types cannot be loaded: {e.Message.Split('\n')[0]}");
            }
            var extensions = types.Where(t => typeof(IExtension).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
                .OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
            if (extensions.Count == 0) throw new UserInputException(path, null, $"no public class implements {nameof(IExtension)}");
            foreach (var type in extensions)
            {
                if (type.GetConstructor(Type.EmptyTypes) is null) throw new UserInputException(path, type.FullName, "an extension needs a public parameterless constructor");
                try { ((IExtension)Activator.CreateInstance(type)!).Register(); }
                catch (TargetInvocationException e) when (e.InnerException is UserInputException u) { throw new UserInputException(path, type.FullName, u.Message); }
                catch (UserInputException u) { throw new UserInputException(path, type.FullName, u.Message); }
            }
            Loaded.Add(full);
            return extensions.Select(t => t.FullName!).ToList();
        }
    }
}
