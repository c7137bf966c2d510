namespace R1Gym.Cli.Commands;

/// <summary>Default report folders that never overwrite an earlier report (an explicit <c>--output</c> still does).</summary>
internal static class ReportFolders
{
    /// <summary>
    /// <c>&lt;parent&gt;/&lt;name&gt;</c> for the model folder <paramref name="modelDir"/>, or <c>&lt;name&gt;-2</c>,
    /// <c>-3</c>, ... when that exists already. The name is the model folder's, with its parent's in front when the folder is
    /// named <c>model</c> (runs/grpo/model -> grpo-model), so two runs' models do not share one report.
    /// </summary>
    public static string Fresh(string parent, string modelDir)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parent);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDir);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDir));
        var name = Path.GetFileName(full);
        if (name.Equals("model", StringComparison.OrdinalIgnoreCase) && Path.GetFileName(Path.GetDirectoryName(full)) is { Length: > 0 } run)
            name = $"{run}-{name}";
        var folder = Path.GetFullPath(Path.Combine(parent, name));
        for (int n = 2; Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any(); n++)
            folder = Path.GetFullPath(Path.Combine(parent, $"{name}-{n}"));
        return folder;
    }
}
