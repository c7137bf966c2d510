using System.CommandLine;

namespace R1Gym.Cli;

/// <summary>
/// Options every command understands. They are recursive: declared once on the root command and
/// accepted after any subcommand (<c>r1gym tasks list --json</c>).
/// </summary>
internal static class CliOptions
{
    /// <summary><c>--json</c>: machine-readable output on stdout (logs stay on stderr).</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write machine-readable JSON to stdout.",
        Recursive = true,
    };

    /// <summary><c>--set Key=Value</c>: overrides any configuration key (highest precedence), repeatable.</summary>
    public static readonly Option<string[]> Set = new("--set")
    {
        Description = "Override a configuration key, e.g. --set Rewards:FormatWeight=0.5 (repeatable; ':' separates sections).",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "Key=Value",
    };

    /// <summary><c>--plugins &lt;dir&gt;</c>: more plugin folders (one sub-folder per plugin), beside the built-in ones; <c>Gym:ExtraPluginsDirectories</c>.</summary>
    public static readonly Option<string[]> Plugins = new("--plugins")
    {
        Description = "Also load the plugins of this folder, one sub-folder per plugin holding <Name>.dll (repeatable; the built-in plugins stay: add --no-builtins to load only these).",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "dir",
    };

    /// <summary><c>--tasks &lt;dir&gt;</c>: more folders of script and data tasks, beside the built-in ones; <c>Gym:ExtraTasksDirectories</c>.</summary>
    public static readonly Option<string[]> Tasks = new("--tasks")
    {
        Description = "Also load the script (*.csx) and data (task.json) tasks of this folder (repeatable; the built-in tasks stay: add --no-builtins to load only these).",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "dir",
    };

    /// <summary><c>--no-builtins</c>: load only the folders named by --plugins and --tasks; <c>Gym:BuiltIns=false</c>.</summary>
    public static readonly Option<bool> NoBuiltIns = new("--no-builtins")
    {
        Description = "Load only the --plugins and --tasks folders given, not the built-in plugins and tasks.",
        Recursive = true,
    };

    /// <summary><c>--verbose</c>: debug logging on stderr.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log debug details to stderr.",
        Recursive = true,
    };

    /// <summary>
    /// The configuration sections some command reads. A <c>--set</c> key outside them would be silently ignored (the
    /// options binders only reject unknown keys inside their own section), so it is an error. Every options type's
    /// section (<see cref="OptionSections"/>) counts, plus the sections read without one.
    /// </summary>
    internal static readonly IReadOnlySet<string> KnownSections = new HashSet<string>(
        OptionSections.All.Keys.Concat(["Model", "Logging", "Student", "Service"]), StringComparer.OrdinalIgnoreCase);

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Json);
        root.Options.Add(Set);
        root.Options.Add(Plugins);
        root.Options.Add(Tasks);
        root.Options.Add(NoBuiltIns);
        root.Options.Add(Verbose);
    }

    /// <summary>
    /// The configuration keys the command line sets: the shortcuts (--plugins, --tasks, --no-builtins, --verbose) and every --set pair.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> ConfigurationOverrides(ParseResult parse)
    {
        var plugins = parse.GetValue(Plugins) ?? [];
        for (int i = 0; i < plugins.Length; i++)
            yield return new($"Gym:ExtraPluginsDirectories:{i}", Path.GetFullPath(plugins[i]));
        var tasks = parse.GetValue(Tasks) ?? [];
        for (int i = 0; i < tasks.Length; i++)
            yield return new($"Gym:ExtraTasksDirectories:{i}", Path.GetFullPath(tasks[i]));
        if (parse.GetValue(NoBuiltIns))
            yield return new("Gym:BuiltIns", "false");
        if (parse.GetValue(Verbose))
            yield return new("Logging:LogLevel:Default", "Debug");
        // Configuration keys ignore case; when a key is set twice, the last --set wins.
        var sets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in parse.GetValue(Set) ?? [])
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new Abstractions.R1GymException($"--set expects Key=Value (for example --set Rewards:FormatWeight=0.5), found '{pair}'.");
            var key = pair[..eq].Trim();
            CheckSection(key);
            sets[key] = pair[(eq + 1)..];
        }

        foreach (var (key, value) in sets)
            yield return new(key, value);
    }

    private static void CheckSection(string key)
    {
        int colon = key.IndexOf(':', StringComparison.Ordinal);
        var section = colon < 0 ? key : key[..colon];
        if (colon > 0 && colon < key.Length - 1 && KnownSections.Contains(section))
            return;
        var known = string.Join(", ", KnownSections.Order(StringComparer.Ordinal));
        throw new Abstractions.R1GymException(colon < 0
            ? $"--set {key}: a key needs a section, as in Section:Key (sections: {known}); found no ':'."
            : $"--set {key}: no command reads section '{section}', so the value would be ignored. Use one of: {known} (for example --set Rewards:FormatWeight=0.5).");
    }
}
