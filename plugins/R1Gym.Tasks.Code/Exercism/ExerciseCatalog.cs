using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Code.Exercism;

/// <summary>One exercism exercise ported to C#: its text, the methods to write, the tests and a reference solution.</summary>
internal sealed record Exercise(
    string Slug, string Title, string Instructions, IReadOnlyList<string> Signatures, string? Notes, string Approach, string Reference,
    string SpecsJson, int TestCount)
{
    public string Id => $"code/{Slug}-v1";
}

/// <summary>
/// The exercises embedded in the plugin (<c>tasks/code/exercism/catalog.json</c>, generated once from the
/// exercism problem specifications), parsed on first use.
/// </summary>
internal static class ExerciseCatalog
{
    private const string ResourceName = "R1Gym.Tasks.Code.exercism-catalog.json";

    private static readonly Lazy<IReadOnlyList<Exercise>> Loaded = new(Load);

    public static IReadOnlyList<Exercise> All => Loaded.Value;

    private static IReadOnlyList<Exercise> Load()
    {
        using var stream = typeof(ExerciseCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new R1GymException($"The code plugin lacks its embedded resource '{ResourceName}'; rebuild R1Gym.Tasks.Code.");
        var root = JsonNode.Parse(stream)!.AsObject();
        return root["exercises"]!.AsArray().Select(node =>
        {
            var e = node!.AsObject();
            var specs = e["specs"]!.AsArray();
            return new Exercise(
                (string)e["slug"]!, (string)e["title"]!, (string)e["instructions"]!,
                e["signatures"]!.AsArray().Select(s => (string)s!).ToList(), (string?)e["notes"], (string?)e["approach"] ?? "", (string)e["reference"]!,
                specs.ToJsonString(), specs.Sum(s => s!["tests"]!.AsArray().Count));
        }).ToList();
    }
}
