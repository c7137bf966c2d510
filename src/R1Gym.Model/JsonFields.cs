using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Model;

/// <summary>
/// Typed reads of the JSON files a model folder holds (config.json, tokenizer.json, safetensors headers). A field of
/// the wrong type or out of range becomes an <see cref="R1GymException"/> naming the file, the field, what was expected
/// and what was found, never an InvalidOperationException from System.Text.Json.
/// </summary>
internal static class JsonFields
{
    /// <summary>Reads a file that must hold one JSON object.</summary>
    public static JsonObject ReadObject(string path, string expected)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new R1GymException($"'{path}' is not valid JSON: {e.Message} Expected {expected}.", e);
        }
        return node as JsonObject
            ?? throw new R1GymException($"'{path}' holds {Describe(node)}, not a JSON object. Expected {expected}.");
    }

    /// <summary>The object at <paramref name="name"/>, or null when absent or null.</summary>
    public static JsonObject? Object(JsonObject json, string name, string source) => json[name] switch
    {
        null => null,
        JsonObject o => o,
        var other => throw Wrong(source, name, "a JSON object", other),
    };

    /// <summary>The array at <paramref name="name"/>, or null when absent or null.</summary>
    public static JsonArray? Array(JsonObject json, string name, string source) => json[name] switch
    {
        null => null,
        JsonArray a => a,
        var other => throw Wrong(source, name, "a JSON array", other),
    };

    public static string? String(JsonObject json, string name, string source) => String(json[name], name, source);

    public static string? String(JsonNode? node, string field, string source) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var other => throw Wrong(source, field, "a string", other),
    };

    public static bool? Bool(JsonObject json, string name, string source) => json[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        var other => throw Wrong(source, name, "true or false", other),
    };

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public static long? Long(JsonNode? node, string field, string source, long min, long max)
    {
        if (node is null) return null;
        // A parsed document holds JsonElements; one built in code holds the CLR value (int, long).
        long? value = node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? v.TryGetValue(out long l) ? l : v.TryGetValue(out int i) ? i : null
            : null;
        if (value >= min && value <= max)
            return value;
        throw Wrong(source, field, $"an integer from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}", node);
    }

    /// <summary>Like <see cref="Long(JsonNode?, string, string, long, long)"/>, but the field must be present.</summary>
    public static long RequiredLong(JsonNode? node, string field, string source, long min, long max) =>
        Long(node, field, source, min, max) ?? throw Wrong(source, field, $"an integer from {min} to {max}", null);

    public static int? Int(JsonObject json, string name, string source, int min, int max) =>
        (int?)Long(json[name], name, source, min, max);

    /// <summary>A finite number in (<paramref name="above"/>, <paramref name="max"/>], or null when absent.</summary>
    public static double? Number(JsonNode? node, string field, string source, double above, double max)
    {
        if (node is null) return null;
        double? value = node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? v.TryGetValue(out double d) ? d : v.TryGetValue(out float f) ? f : v.TryGetValue(out long l) ? l : v.TryGetValue(out int i) ? i : null
            : null;
        if (value is { } x && double.IsFinite(x) && x > above && x <= max)
            return x;
        throw Wrong(source, field, $"a number above {above.ToString(CultureInfo.InvariantCulture)} and at most {max.ToString(CultureInfo.InvariantCulture)}", node);
    }

    public static R1GymException Wrong(string source, string field, string expected, JsonNode? found) =>
        new($"'{source}': field '{field}' must be {expected}, found {Describe(found)}. Fix '{field}' in that file (or regenerate the file).");

    /// <summary>A short rendering of a JSON value for messages (at most 80 characters).</summary>
    public static string Describe(JsonNode? node)
    {
        if (node is null) return "null";
        var text = node.ToJsonString();
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
