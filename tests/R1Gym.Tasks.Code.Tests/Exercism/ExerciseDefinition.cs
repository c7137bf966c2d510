using System.Text.Json.Nodes;

namespace R1Gym.Tasks.Code.Tests.Exercism;

/// <summary>
/// How one exercism exercise becomes a C# task: the methods the answer must declare (one per canonical
/// <c>property</c> that maps to a simple signature) and a reference solution. Properties not listed are skipped.
/// </summary>
internal sealed record ExerciseDefinition(string Slug, string Reference, IReadOnlyList<MethodMap> Methods)
{
    /// <summary>Extra instructions for the C# port (rounding, how objects were flattened), shown in the prompt.</summary>
    public string? Notes { get; init; }
}

/// <summary>
/// One canonical property mapped to one static method. <see cref="Args"/> turns a case's <c>input</c> into the
/// argument list (default: the input's values in order); <see cref="Expected"/> turns its <c>expected</c> into the
/// return value (default: unchanged). Either may return null to skip a case the signature cannot express.
/// </summary>
internal sealed record MethodMap(string Property, string Signature)
{
    public Func<JsonObject, JsonArray?>? Args { get; init; }

    public Func<JsonNode?, JsonNode?>? Expected { get; init; }

    /// <summary>The method name, read from the signature (<c>"string Abbreviate(string phrase)"</c> gives Abbreviate).</summary>
    public string Method
    {
        get
        {
            int paren = Signature.IndexOf('(');
            int space = Signature.LastIndexOf(' ', paren);
            return Signature[(space + 1)..paren];
        }
    }
}

/// <summary>Shorthands that keep each definition to a few lines.</summary>
internal static class Def
{
    public static ExerciseDefinition Ex(string slug, string reference, params MethodMap[] methods) => new(slug, reference, methods);

    public static MethodMap M(string property, string signature) => new(property, signature);

    public static MethodMap M(string property, string signature, Func<JsonObject, JsonArray?> args) => new(property, signature) { Args = args };

    /// <summary>The input's values, in the order the canonical data lists them.</summary>
    public static JsonArray Values(JsonObject input) => new(input.Select(p => p.Value?.DeepClone()).ToArray());

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();
}
