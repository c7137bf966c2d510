using System.Reflection;
using System.Text.RegularExpressions;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Cli.Commands;

/// <summary>
/// Writes a plugin project from the r1gym-task template that <c>dotnet new r1gym-task</c> uses (embedded in r1gym): the
/// plugin, its sample task named after it and its test project, referencing R1Gym.Abstractions and R1Gym.Testing as
/// packages of this host's SDK version.
/// </summary>
internal static partial class PluginScaffold
{
    public sealed record Result(string Root, IReadOnlyList<string> Files, string TaskId, string SdkVersion);

    /// <summary>The SDK version this host runs (and generated projects reference), without build metadata.</summary>
    public static string SdkVersion { get; } =
        (typeof(ITaskPlugin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(ITaskPlugin).Assembly.GetName().Version!.ToString(3)).Split('+')[0];

    public static Result Create(string name, string outputDirectory, string? taskId, string? packagesDirectory, string? sdkVersion)
    {
        if (!NamePattern().IsMatch(name))
            throw new R1GymException($"Plugin name '{name}' is not valid: expected dotted C# identifiers such as 'Acme.Tasks.Puzzles'.");
        taskId ??= TemplateContent.DefaultTaskId(name);
        if (!TaskIds.IsValid(taskId))
            throw new R1GymException($"Task id '{taskId}' is not valid: expected 'domain/name-vN' in lower case, such as 'puzzles/sudoku-v1'.");
        var root = Path.GetFullPath(Path.Combine(outputDirectory, name));
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new R1GymException($"'{root}' already exists and is not empty; choose another name or --output folder.");
        var packages = packagesDirectory is { Length: > 0 } ? Path.GetFullPath(packagesDirectory) : null;
        if (packages is not null && !Directory.Exists(packages))
            throw new R1GymException($"Package folder '{packages}' does not exist; pass the folder holding R1Gym.Abstractions and R1Gym.Testing (.nupkg), e.g. from 'dotnet pack R1Gym.sln -c Release -o <folder>'.");

        var template = TemplateContent.Load("r1gym-task");
        var className = TemplateContent.ClassName(name);
        var values = new Dictionary<string, string>
        {
            [template.Token("sourceName")] = TemplateContent.SafeNamespace(name),
            [template.Token("projectName")] = name,
            [template.Token("className")] = className,
            [template.Token("effectiveTaskId")] = taskId,
            [template.Token("sdkVersion")] = sdkVersion ?? SdkVersion,
            [template.Token("packages")] = packages ?? "",
        };
        var renames = new Dictionary<string, string>
        {
            [template.Token("sourceName")] = name,
            [template.Token("className")] = className,
        };
        // Render every file before writing anything, so a failure leaves no half-made project behind.
        var files = template.Render(values, renames, path => path == "nuget.config" && packages is null);
        var written = new List<string>();
        foreach (var (relative, text) in files)
        {
            var path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            written.Add(path);
        }
        return new Result(root, written, taskId, sdkVersion ?? SdkVersion);
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex NamePattern();
}
