using Microsoft.Extensions.Logging;

namespace R1Gym.Gym;

/// <summary>Finds the plugins of a folder: each sub-folder <c>&lt;Name&gt;/</c> holding <c>&lt;Name&gt;.dll</c> is one plugin.</summary>
internal static class PluginDirectory
{
    public static IReadOnlyList<TaskSource> Discover(string directory, bool watch, TimeSpan reloadDelay, ILogger logger)
    {
        var sources = new List<TaskSource>();
        foreach (var folder in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var assembly = Path.Combine(folder, name + ".dll");
            if (!File.Exists(assembly))
            {
                if (Directory.EnumerateFiles(folder, "*.dll").Any())
                    sources.Add(new BrokenSource(name, $"no {name}.dll in {folder}; a plugin's folder must be named after its assembly."));
                else
                    logger.LogDebug("Skipping {Folder}: no assemblies (plugin not built yet?)", folder);
                continue;
            }
            try
            {
                sources.Add(new PluginTaskSource(name, assembly, watch, reloadDelay));
            }
            catch (Exception e)
            {
                sources.Add(new BrokenSource(name, $"cannot read {assembly}: {e.Message}"));
            }
        }
        return sources;
    }

    /// <summary>
    /// Why <paramref name="directory"/>, holding no plugin, was probably given one level off: it is a plugin's own folder
    /// (<c>&lt;Name&gt;.dll</c> directly inside), or plugin folders sit deeper below it. Null when neither is so.
    /// </summary>
    public static string? Hint(string directory)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        if (File.Exists(Path.Combine(directory, name + ".dll")))
            return $"'{directory}' is the folder of the plugin {name} itself, but a plugins folder holds one sub-folder per plugin " +
                $"(<Name>/<Name>.dll): pass the folder above it, --plugins {Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory))}.";
        var search = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4, IgnoreInaccessible = true };
        var roots = Directory.EnumerateFiles(directory, "*.dll", search)
            .Where(dll => Path.GetFileNameWithoutExtension(dll) == Path.GetFileName(Path.GetDirectoryName(dll)))
            .Select(dll => (Root: Path.GetDirectoryName(Path.GetDirectoryName(dll))!, Plugin: Path.GetFileNameWithoutExtension(dll)))
            .Where(p => !string.Equals(p.Root, Path.TrimEndingDirectorySeparator(directory), StringComparison.Ordinal))
            .GroupBy(p => p.Root, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Take(5)
            .Select(g => $"{g.Key} ({string.Join(", ", g.Select(p => p.Plugin).Distinct().Order(StringComparer.Ordinal))})")
            .ToList();
        return roots.Count == 0 ? null
            : $"'{directory}' holds no plugin folder (<Name>/<Name>.dll) directly, but plugin folders were found below it: {string.Join("; ", roots)}. Pass one of those with --plugins.";
    }

    /// <summary>A plugin folder that is known to be unusable; registering it reports why.</summary>
    private sealed class BrokenSource(string name, string reason) : TaskSource(name, TaskSourceKind.Plugin)
    {
        public override void Register(Abstractions.ITaskCatalog catalog) => throw new Abstractions.R1GymException(reason);
    }
}
