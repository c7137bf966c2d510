using System.ComponentModel.DataAnnotations;

namespace R1Gym.Gym;

/// <summary>Where the gym finds tasks. Bound from the <c>Gym</c> configuration section.</summary>
public sealed class GymOptions
{
    public const string SectionName = "Gym";

    /// <summary>
    /// Folder of plugins, one sub-folder per plugin holding <c>&lt;Name&gt;/&lt;Name&gt;.dll</c>. Default: null, meaning
    /// <c>plugins/</c> beside the host binary when it exists, else <c>artifacts/plugins/</c> found from the current directory upwards.
    /// Setting it replaces the built-in folder; <c>--plugins</c> adds folders instead (<see cref="ExtraPluginsDirectories"/>).
    /// </summary>
    public string? PluginsDirectory { get; set; }

    /// <summary>
    /// Folder of script tasks (<c>**/*.csx</c>) and data tasks (<c>*/task.json</c>). Default: null, meaning <c>tasks/</c>
    /// beside the host binary when it exists, else <c>tasks/</c> found from the current directory upwards.
    /// Setting it replaces the built-in folder; <c>--tasks</c> adds folders instead (<see cref="ExtraTasksDirectories"/>).
    /// </summary>
    public string? TasksDirectory { get; set; }

    /// <summary>
    /// More plugin folders, loaded after <see cref="PluginsDirectory"/> (<c>--plugins</c>, repeatable); a plugin found
    /// again in a later folder replaces the earlier one. Default: none.
    /// </summary>
    public List<string> ExtraPluginsDirectories { get; set; } = [];

    /// <summary>
    /// More task folders, loaded after <see cref="TasksDirectory"/> (<c>--tasks</c>, repeatable); a file at the same
    /// relative path in a later folder replaces the earlier one. Default: none.
    /// </summary>
    public List<string> ExtraTasksDirectories { get; set; } = [];

    /// <summary>
    /// Load the built-in folders (<c>plugins/</c> and <c>tasks/</c> beside the binary, or the repository's) when
    /// <see cref="PluginsDirectory"/> / <see cref="TasksDirectory"/> are not set; false (<c>--no-builtins</c>) loads only
    /// the folders named. Default: true.
    /// </summary>
    public bool BuiltIns { get; set; } = true;

    /// <summary>Load plugins from <see cref="PluginsDirectory"/>. Default: true.</summary>
    public bool LoadPlugins { get; set; } = true;

    /// <summary>Load script and data tasks from <see cref="TasksDirectory"/>. Default: true.</summary>
    public bool LoadTaskFiles { get; set; } = true;

    /// <summary>Reload a plugin when its build output changes (<c>--watch</c>). Default: false.</summary>
    public bool Watch { get; set; }

    /// <summary>
    /// Folder of compiled script tasks, each vetted once in a child process and kept by a hash of the script. Default:
    /// null, meaning <c>$XDG_CACHE_HOME/r1gym/scripts</c> or <c>~/.cache/r1gym/scripts</c>.
    /// </summary>
    public string? ScriptCacheDirectory { get; set; }

    /// <summary>
    /// Seconds a script task may take to compile and register its tasks on first load (in a child process) before it is
    /// stopped and reported as broken. Default: 180 (a cold compile takes a few seconds, minutes on a saturated machine).
    /// </summary>
    [Range(1, 3600)]
    public int ScriptLoadTimeoutSeconds { get; set; } = 180;

    /// <summary>Milliseconds to wait after the last change before reloading a plugin. Default: 500.</summary>
    [Range(0, 60_000)]
    public int WatchDelayMilliseconds { get; set; } = 500;
}
