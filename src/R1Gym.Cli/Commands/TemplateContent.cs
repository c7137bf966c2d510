using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace R1Gym.Cli.Commands;

/// <summary>
/// A <c>dotnet new</c> template embedded in r1gym (templates/&lt;name&gt;/ of the repository), instantiated the way the
/// template engine does for the symbols R1Gym's templates use: the source name, <c>replaces</c> tokens of parameters and
/// derived values, <c>fileRename</c>, the <c>rename</c> map and the nuget.config that exists only with a package folder.
/// </summary>
internal sealed partial class TemplateContent
{
    private const string ConfigFolder = ".template.config/";
    private readonly string _prefix;
    private readonly JsonObject _config;

    private TemplateContent(string name, JsonObject config)
    {
        _prefix = name + "/";
        _config = config;
    }

    /// <summary>The embedded template <paramref name="name"/>, such as <c>r1gym-task</c>.</summary>
    public static TemplateContent Load(string name)
    {
        var text = Read($"{name}/{ConfigFolder}template.json")
            ?? throw new InvalidOperationException($"Template {name} is not embedded in r1gym.");
        return new TemplateContent(name, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>The text a symbol replaces (its <c>replaces</c> entry), or the source name for <c>"sourceName"</c>.</summary>
    public string Token(string symbol) => symbol == "sourceName"
        ? _config["sourceName"]!.GetValue<string>()
        : _config["symbols"]?[symbol]?["replaces"]?.GetValue<string>() ?? throw new InvalidOperationException($"Template symbol {symbol} has no 'replaces' token.");

    /// <summary>
    /// Every output file (relative path, text) with <paramref name="values"/> (token to value) replaced in contents, and
    /// <paramref name="renames"/> (token to value) in paths; <paramref name="exclude"/> drops files by output path.
    /// </summary>
    public IReadOnlyList<(string Path, string Text)> Render(
        IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> renames, Func<string, bool> exclude)
    {
        var renameMap = (_config["sources"] as JsonArray)?.OfType<JsonObject>().SelectMany(s => (s["rename"] as JsonObject) ?? [])
            .ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>()) ?? [];
        var files = new List<(string, string)>();
        foreach (var resource in Assembly.GetManifestResourceNames().Where(r => r.StartsWith(_prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var relative = resource[_prefix.Length..];
            if (relative.StartsWith(ConfigFolder, StringComparison.Ordinal))
                continue;
            var path = renameMap.GetValueOrDefault(relative, relative);
            foreach (var (token, value) in renames)
                path = path.Replace(token, value, StringComparison.Ordinal);
            if (exclude(path))
                continue;
            var text = Read(resource)!;
            foreach (var (token, value) in values)
                text = text.Replace(token, value, StringComparison.Ordinal);
            files.Add((path, text));
        }
        return files;
    }

    /// <summary>The template engine's <c>safe_namespace</c> form: each dotted segment made a C# identifier.</summary>
    public static string SafeNamespace(string name) => string.Join('.', name.Split('.').Select(Identifier));

    /// <summary>The last dotted segment of <paramref name="name"/> as a C# identifier (the templates' class name).</summary>
    public static string ClassName(string name) => Identifier(name[(name.LastIndexOf('.') + 1)..]);

    /// <summary>The templates' default task id: <c>&lt;class&gt;/&lt;class&gt;-v1</c> in lower case.</summary>
    public static string DefaultTaskId(string name)
    {
        var stem = TaskIdChars().Replace(name[(name.LastIndexOf('.') + 1)..].ToLowerInvariant(), "-").TrimStart('-', '_', '.');
        return $"{stem}/{stem}-v1";
    }

    private static string Identifier(string segment)
    {
        var safe = NonIdentifier().Replace(segment, "_");
        return safe.Length > 0 && char.IsAsciiDigit(safe[0]) ? "_" + safe : safe;
    }

    private static Assembly Assembly => typeof(TemplateContent).Assembly;

    private static string? Read(string resource)
    {
        using var stream = Assembly.GetManifestResourceStream(resource);
        if (stream is null)
            return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NonIdentifier();

    [GeneratedRegex("[^a-z0-9_.-]")]
    private static partial Regex TaskIdChars();
}
