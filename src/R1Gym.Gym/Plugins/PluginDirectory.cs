using Microsoft.Extensions.Logging;

namespace R1Gym.Gym;

/// <summary>Finds the plugins of a folder: each sub-folder <c>&lt;Name&gt;/</c> holding <c>&lt;Name&gt;.dll</c> is one plugin.</summary>
internal static class PluginDirectory
{
    public static IEnumerable<TaskSource> Discover(string directory, bool watch, TimeSpan reloadDelay, ILogger logger)
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

    /// <summary>A plugin folder that is known to be unusable; registering it reports why.</summary>
    private sealed class BrokenSource(string name, string reason) : TaskSource(name, TaskSourceKind.Plugin)
    {
        public override void Register(Abstractions.ITaskCatalog catalog) => throw new Abstractions.R1GymException(reason);
    }
}
