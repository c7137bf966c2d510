using System.Text.RegularExpressions;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Cli.Commands;

/// <summary>
/// Writes a plugin project, one sample task and its test from the templates embedded in r1gym. Inside an R1Gym
/// repository the projects reference the SDK projects; anywhere else they reference the assemblies beside r1gym.
/// </summary>
internal static partial class PluginScaffold
{
    public sealed record Result(string Root, IReadOnlyList<string> Files, string Domain, bool UsesProjects);

    public static Result Create(string name, string outputDirectory, string? domain)
    {
        if (!NamePattern().IsMatch(name))
            throw new R1GymException($"Plugin name '{name}' is not valid: expected dotted C# identifiers such as 'Acme.Tasks.Puzzles'.");
        var @class = name[(name.LastIndexOf('.') + 1)..];
        domain ??= @class.ToLowerInvariant();
        if (!TaskIds.IsValid($"{domain}/x-v1") || domain.Contains('/'))
            throw new R1GymException($"Domain '{domain}' is not valid: expected lower-case letters and digits such as 'puzzles'.");
        var root = Path.GetFullPath(Path.Combine(outputDirectory, name));
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new R1GymException($"'{root}' already exists and is not empty; choose another name or --output folder.");

        var pluginDir = Path.Combine(root, "src", name);
        var testDir = Path.Combine(root, "tests", name + ".Tests");
        var repo = TaskPaths.RepositoryRoot(root);
        bool useProjects = repo is not null && File.Exists(Path.Combine(repo, "src", "R1Gym.Abstractions", "R1Gym.Abstractions.csproj"));
        string abstractionsRef, gymRef;
        if (useProjects)
        {
            abstractionsRef = $"""    <ProjectReference Include="{Relative(pluginDir, Path.Combine(repo!, "src", "R1Gym.Abstractions", "R1Gym.Abstractions.csproj"))}" Private="false" ExcludeAssets="runtime" />""";
            gymRef = $"""    <ProjectReference Include="{Relative(testDir, Path.Combine(repo!, "src", "R1Gym.Gym", "R1Gym.Gym.csproj"))}" />""";
        }
        else
        {
            var home = AppContext.BaseDirectory.Replace('\\', '/').TrimEnd('/') + "/";
            foreach (var needed in new[] { "R1Gym.Abstractions.dll", "R1Gym.Gym.dll" })
            {
                if (!File.Exists(home + needed))
                    throw new R1GymException($"{needed} is missing beside r1gym ({home}); reinstall the r1gym tool.");
            }
            abstractionsRef = $"""    <Reference Include="R1Gym.Abstractions" HintPath="{home}R1Gym.Abstractions.dll" Private="false" />""";
            gymRef = string.Join(Environment.NewLine,
                $"""    <Reference Include="{home}R1Gym.Abstractions.dll" />""",
                $"""    <Reference Include="{home}R1Gym.Gym.dll" />""",
                $"""    <Reference Include="{home}Microsoft.Extensions.*.dll" />""");
        }

        var values = new Dictionary<string, string>
        {
            ["Name"] = name, ["Namespace"] = name, ["Class"] = @class, ["Domain"] = domain,
            ["AbstractionsReference"] = abstractionsRef, ["GymReference"] = gymRef,
        };
        var files = new (string Template, string Path)[]
        {
            ("Directory.Build.props", Path.Combine(root, "Directory.Build.props")),
            ("gitignore", Path.Combine(root, ".gitignore")),
            ("README.md", Path.Combine(root, "README.md")),
            ("Plugin.csproj", Path.Combine(pluginDir, name + ".csproj")),
            ("Plugin.cs", Path.Combine(pluginDir, @class + "Plugin.cs")),
            ("SampleTask.cs", Path.Combine(pluginDir, "MultiplicationTask.cs")),
            ("Tests.csproj", Path.Combine(testDir, name + ".Tests.csproj")),
            ("Tests.cs", Path.Combine(testDir, @class + "Tests.cs")),
        };
        // Fill every template before writing anything, so a failure leaves no half-made project behind.
        var contents = files.Select(f => (f.Path, Text: Fill(Read(f.Template), values))).ToList();
        foreach (var (path, text) in contents)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        return new Result(root, files.Select(f => f.Path).ToList(), domain, useProjects);
    }

    private static string Relative(string from, string to) => Path.GetRelativePath(from, to).Replace('\\', '/');

    private static string Read(string template)
    {
        using var stream = typeof(PluginScaffold).Assembly.GetManifestResourceStream($"R1Gym.Cli.Templates.{template}.template")
            ?? throw new InvalidOperationException($"Template {template} is not embedded in r1gym.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        PlaceholderPattern().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v)
            ? v
            : throw new InvalidOperationException($"Template placeholder {m.Value} has no value."));

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\{\{([A-Za-z]+)\}\}")]
    private static partial Regex PlaceholderPattern();
}
