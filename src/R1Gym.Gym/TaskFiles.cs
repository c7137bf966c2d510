namespace R1Gym.Gym;

/// <summary>Finds script tasks (<c>**/*.csx</c>) and data manifests (<c>**/task.json</c>) under the tasks folder.</summary>
internal static class TaskFiles
{
    public static IEnumerable<TaskSource> Discover(string tasksDirectory, ScriptVetting vetting)
    {
        var root = Path.GetFullPath(tasksDirectory);
        string Display(string path) => Path.Combine(Path.GetFileName(root), Path.GetRelativePath(root, path)).Replace('\\', '/');
        var scripts = Directory.EnumerateFiles(root, "*.csx", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(p => (TaskSource)new ScriptTaskSource(Display(p), p, vetting));
        var manifests = Directory.EnumerateFiles(root, "task.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(p => (TaskSource)new DataTaskSource(Display(p), p));
        // Scripts first: a script may register a checker that a manifest names.
        return scripts.Concat(manifests).ToList();
    }
}
