using System.Text.Json.Nodes;

namespace R1Gym.Model.Tests;

/// <summary>Paths and readers for the files under Fixtures/ (copied beside the test assembly).</summary>
internal static class Fixture
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static JsonObject Json(params string[] parts) => JsonNode.Parse(File.ReadAllText(Path(parts)))!.AsObject();

    public static long[][] Ints2(JsonNode node) =>
        node.AsArray().Select(r => r!.AsArray().Select(v => v!.GetValue<long>()).ToArray()).ToArray();

    public static float[] Floats3(JsonNode node) =>
        node.AsArray().SelectMany(a => a!.AsArray()).SelectMany(b => b!.AsArray()).Select(v => v!.GetValue<float>()).ToArray();
}
