using System.Text.Json;
using System.Text.Json.Serialization;
using R1Gym.Abstractions;

namespace R1Gym.Model;

/// <summary>
/// A prompt template as data (a JSON file): optional system text, the user turn, and the opened assistant turn.
/// Render(user, system) = system_format(system ?? default_system) + user_format(user) + assistant_prefix.
/// Built in (Templates/*.json): "r1" (<see cref="R1"/>, the DeepSeek-R1-Zero template), "chatml-r1" and "compact" (for
/// from-scratch character-level models).
/// </summary>
public sealed record ChatTemplate(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("default_system")] string DefaultSystem,
    [property: JsonPropertyName("system_format")] string SystemFormat,
    [property: JsonPropertyName("user_format")] string UserFormat,
    [property: JsonPropertyName("assistant_prefix")] string AssistantPrefix)
{
    private static readonly Lazy<ChatTemplate> R1Template = new(() => Named("r1"));

    /// <summary>The DeepSeek-R1-Zero template; the assistant turn ends with "&lt;think&gt;\n".</summary>
    public static ChatTemplate R1 => R1Template.Value;

    private const string ResourcePrefix = "R1Gym.Model.Templates.";

    /// <summary>The names of the built-in templates (Templates/*.json): "chatml-r1", "compact", "r1".</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = typeof(ChatTemplate).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length]).Order(StringComparer.Ordinal).ToList();

    /// <summary>Whether <paramref name="name"/> is one of <see cref="BuiltIn"/>.</summary>
    public static bool IsBuiltIn(string? name) => name is not null && BuiltIn.Contains(name, StringComparer.Ordinal);

    /// <summary>A built-in template by name (<see cref="BuiltIn"/>).</summary>
    public static ChatTemplate Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var stream = typeof(ChatTemplate).Assembly.GetManifestResourceStream($"{ResourcePrefix}{name}.json")
            ?? throw new R1GymException($"Unknown chat template '{name}'. Built in: {string.Join(", ", BuiltIn)}; or pass a JSON file path.");
        return Parse(new StreamReader(stream).ReadToEnd(), name);
    }

    /// <summary>Reads a template JSON file (fields name, default_system, system_format, user_format, assistant_prefix).</summary>
    public static ChatTemplate Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            return Named(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>The prompt text: system part, user turn, opened assistant turn.</summary>
    public string Render(string user, string? system = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        string sys = system ?? DefaultSystem;
        string head = sys.Length == 0 ? "" : SystemFormat.Replace("{system}", sys, StringComparison.Ordinal);
        return head + UserFormat.Replace("{user}", user, StringComparison.Ordinal) + AssistantPrefix;
    }

    private static ChatTemplate Parse(string json, string source)
    {
        ChatTemplate? t;
        try
        {
            t = JsonSerializer.Deserialize<ChatTemplate>(json);
        }
        catch (JsonException e)
        {
            throw new R1GymException($"Chat template '{source}' is not valid JSON: {e.Message}", e);
        }

        if (t is null || t.UserFormat is null || !t.UserFormat.Contains("{user}", StringComparison.Ordinal) || t.AssistantPrefix is null)
            throw new R1GymException($"Chat template '{source}' needs user_format containing {{user}} and assistant_prefix.");
        return t with { DefaultSystem = t.DefaultSystem ?? "", SystemFormat = t.SystemFormat ?? "{system}\n", Name = t.Name ?? source };
    }
}
