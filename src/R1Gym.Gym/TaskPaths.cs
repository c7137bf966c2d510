using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>Resolves the plugins and tasks folders from <see cref="GymOptions"/> and the usual places.</summary>
public static class TaskPaths
{
    /// <summary>
    /// The configured folder (must exist), else <c>plugins/</c> beside the host binary, else <c>artifacts/plugins/</c> of the
    /// repository found upwards from the current directory (the folder holding R1Gym.sln); null when none exists.
    /// </summary>
    public static string? Plugins(GymOptions options) =>
        Resolve(options.PluginsDirectory, "Gym:PluginsDirectory (--plugins)", "plugins", Path.Combine("artifacts", "plugins"));

    /// <summary>The configured folder (must exist), else <c>tasks/</c> beside the binary, else the repository's <c>tasks/</c>.</summary>
    public static string? Tasks(GymOptions options) =>
        Resolve(options.TasksDirectory, "Gym:TasksDirectory (--tasks)", "tasks", "tasks");

    /// <summary>
    /// The plugin folders to load, in order: the built-in or configured <see cref="GymOptions.PluginsDirectory"/>
    /// (unless <see cref="GymOptions.BuiltIns"/> is false and none is configured), then every extra folder (each must exist).
    /// </summary>
    public static IReadOnlyList<string> PluginFolders(GymOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Folders(options.PluginsDirectory is { Length: > 0 } || options.BuiltIns ? Plugins(options) : null, options.ExtraPluginsDirectories, "--plugins");
    }

    /// <summary>The task folders to load, in order, as <see cref="PluginFolders"/> does for plugins.</summary>
    public static IReadOnlyList<string> TaskFolders(GymOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Folders(options.TasksDirectory is { Length: > 0 } || options.BuiltIns ? Tasks(options) : null, options.ExtraTasksDirectories, "--tasks");
    }

    private static List<string> Folders(string? first, IEnumerable<string> extras, string flag)
    {
        var folders = first is null ? new List<string>() : [first];
        foreach (var extra in extras.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(extra));
            if (!Directory.Exists(full))
                throw new R1GymException($"The folder '{full}' given with {flag} does not exist; create it or pass an existing folder.");
            if (!folders.Contains(full, StringComparer.Ordinal))
                folders.Add(full);
        }
        return folders;
    }

    /// <summary>The folder holding R1Gym.sln at or above <paramref name="start"/>, or null.</summary>
    public static string? RepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "R1Gym.sln")))
                return dir.FullName;
        }
        return null;
    }

    private static string? Resolve(string? configured, string setting, string besideBinary, string inRepository)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(configured));
            return Directory.Exists(full)
                ? full
                : throw new R1GymException($"The folder '{full}' set by {setting} does not exist; create it or point the setting at an existing folder.");
        }
        var beside = Path.TrimEndingDirectorySeparator(Path.Combine(AppContext.BaseDirectory, besideBinary));
        if (Directory.Exists(beside))
            return beside;
        var root = RepositoryRoot(Directory.GetCurrentDirectory());
        var repo = root is null ? null : Path.Combine(root, inRepository);
        return repo is not null && Directory.Exists(repo) ? repo : null;
    }
}
