namespace R1Gym.Gym;

/// <summary>Finds script tasks (<c>**/*.csx</c>) and data manifests (<c>**/task.json</c>) under the tasks folders.</summary>
internal static class TaskFiles
{
    /// <summary>
    /// The task files of <paramref name="tasksDirectories"/>; a file at the same relative path in a later folder replaces
    /// the earlier one (so <c>--tasks tasks</c> beside the built-in copy of the same folder loads each task once).
    /// </summary>
    public static IEnumerable<TaskSource> Discover(IEnumerable<string> tasksDirectories, ScriptVetting vetting)
    {
        var scripts = new OrderedDictionary<string, TaskSource>(StringComparer.Ordinal);
        var manifests = new OrderedDictionary<string, TaskSource>(StringComparer.Ordinal);
        foreach (var directory in tasksDirectories)
        {
            var root = Path.GetFullPath(directory);
            string Relative(string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
            string Display(string path) => Path.GetFileName(Path.TrimEndingDirectorySeparator(root)) + "/" + Relative(path);
            foreach (var p in Directory.EnumerateFiles(root, "*.csx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                Replace(scripts, Relative(p), new ScriptTaskSource(Display(p), p, vetting));
            foreach (var p in Directory.EnumerateFiles(root, "task.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                Replace(manifests, Relative(p), new DataTaskSource(Display(p), p));
        }
        // Scripts first: a script may register a checker that a manifest names.
        return scripts.Values.Concat(manifests.Values).ToList();
    }

    /// <summary>As <see cref="Discover(IEnumerable{string}, ScriptVetting)"/> for one folder.</summary>
    public static IEnumerable<TaskSource> Discover(string tasksDirectory, ScriptVetting vetting) => Discover([tasksDirectory], vetting);

    private static void Replace(OrderedDictionary<string, TaskSource> sources, string key, TaskSource source)
    {
        sources.Remove(key); // a replaced file moves to its later folder's place
        sources[key] = source;
    }
}
