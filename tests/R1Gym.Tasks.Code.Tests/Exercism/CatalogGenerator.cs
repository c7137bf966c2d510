using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace R1Gym.Tasks.Code.Tests.Exercism;

/// <summary>
/// Builds <c>tasks/code/exercism/catalog.json</c> (embedded in the plugin) from the copied exercism sources and the
/// hand-written <see cref="ExerciseDefinition"/>s: flattens nested <c>cases</c>, drops re-implemented cases, error
/// expectations and properties with no C# method, and records every skipped case with its reason.
/// </summary>
internal static class CatalogGenerator
{
    public const string Source = "exercism/problem-specifications @ 03f83310, exercises/ (MIT, see LICENSE)";

    /// <summary>The using directives every reference solution starts with; answers may use the same ones.</summary>
    public const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Text;\n";

    public static IReadOnlyList<ExerciseDefinition> Definitions { get; } =
        [.. ExercisesA.All, .. ExercisesB.All, .. ExercisesC.All, .. ExercisesD.All, .. ExercisesE.All];

    public static string Generate(string sourcesDirectory)
    {
        var exercises = new JsonArray();
        foreach (var definition in Definitions.OrderBy(d => d.Slug, StringComparer.Ordinal))
            exercises.Add(Exercise(Path.Combine(sourcesDirectory, definition.Slug), definition));
        var root = new JsonObject { ["source"] = Source, ["exercises"] = exercises };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonObject Exercise(string folder, ExerciseDefinition definition)
    {
        var canonical = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "canonical-data.json")))!.AsObject();
        var cases = Flatten(canonical["cases"]!.AsArray()).ToList();
        var replaced = cases.Select(c => (string?)c["reimplements"]).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var specs = new JsonArray();
        var skipped = new JsonArray();
        var tests = definition.Methods.ToDictionary(m => m.Property, _ => new JsonArray(), StringComparer.Ordinal);
        foreach (var c in cases)
        {
            string property = (string)c["property"]!, description = (string?)c["description"] ?? "";
            string? why = null;
            JsonArray? args = null;
            JsonNode? expected = null;
            var map = definition.Methods.FirstOrDefault(m => m.Property == property);
            if (c["uuid"] is { } uuid && replaced.Contains((string)uuid!))
                continue;
            if (map is null)
                why = $"property '{property}' has no C# method in this port";
            else if (c["expected"] is JsonObject error && error.ContainsKey("error"))
                why = "expects an error; the port has no error contract";
            else if ((args = (map.Args ?? Def.Values)(c["input"]!.AsObject())) is null)
                why = "input cannot be expressed with the C# signature";
            else
            {
                expected = map.Expected is null ? Def.Clone(c["expected"]) : map.Expected(c["expected"]);
                if (map.Expected is not null && expected is null)
                    why = "expected value cannot be expressed with the C# signature";
            }
            if (why is not null)
            {
                skipped.Add(new JsonObject { ["property"] = property, ["description"] = description, ["reason"] = why });
                continue;
            }
            tests[property].Add(new JsonObject { ["args"] = args, ["expected"] = expected });
        }
        foreach (var map in definition.Methods)
        {
            if (tests[map.Property].Count == 0)
                throw new InvalidOperationException($"{definition.Slug}: property '{map.Property}' kept no test case");
            specs.Add(new JsonObject { ["entryPoint"] = $"Solution.{map.Method}", ["tests"] = tests[map.Property] });
        }
        return new JsonObject
        {
            ["slug"] = definition.Slug,
            ["title"] = Title(definition.Slug),
            ["instructions"] = Instructions(folder),
            ["signatures"] = new JsonArray(definition.Methods.Select(m => (JsonNode)JsonValue.Create($"public static {m.Signature}")).ToArray()),
            ["notes"] = definition.Notes,
            ["approach"] = Approaches.BySlug.TryGetValue(definition.Slug, out var approach) ? approach
                : throw new InvalidOperationException($"{definition.Slug}: add its approach to Approaches.BySlug"),
            ["reference"] = Usings + "\n" + definition.Reference.Trim().ReplaceLineEndings("\n") + "\n",
            ["specs"] = specs,
            ["skipped"] = skipped,
        };
    }

    private static IEnumerable<JsonObject> Flatten(JsonArray cases)
    {
        foreach (var node in cases)
        {
            var c = node!.AsObject();
            if (c["cases"] is JsonArray inner)
                foreach (var leaf in Flatten(inner))
                    yield return leaf;
            else
                yield return c;
        }
    }

    private static string Title(string slug) =>
        string.Join(' ', slug.Split('-').Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]));

    /// <summary>The introduction (when there is one) and instructions, or the description, without their top headings.</summary>
    private static string Instructions(string folder)
    {
        var parts = new[] { "introduction.md", "instructions.md" }.Select(f => Path.Combine(folder, f)).Where(File.Exists).ToList();
        if (parts.Count == 0)
            parts.Add(Path.Combine(folder, "description.md"));
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            var lines = File.ReadAllText(part).ReplaceLineEndings("\n").Split('\n').ToList();
            if (lines.Count > 0 && lines[0].StartsWith("# ", StringComparison.Ordinal))
                lines.RemoveAt(0);
            text.Append(string.Join('\n', lines).Trim()).Append("\n\n");
        }
        return text.ToString().Trim();
    }
}
