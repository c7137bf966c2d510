using System.Text.Json.Nodes;

namespace R1Gym.Service.Tests;

[Collection(ServerCollection.Name)]
public sealed class ConcurrencyTests(ServerFixture fixture)
{
    [Fact]
    public async Task Many_concurrent_batches_each_get_their_own_results_in_order()
    {
        var batches = Enumerable.Range(0, 32).Select(b => new JsonObject
        {
            ["items"] = new JsonArray(Enumerable.Range(0, 8).Select(i => (JsonNode)new JsonObject
            {
                ["id"] = $"{b}-{i}",
                ["task"] = "test/add-v1",
                ["seed"] = b,
                ["index"] = i,
                ["completion"] = TestTasks.Completion(TestTasks.Answer(b, i) + (i == b % 8 ? "1" : "")),
            }).ToArray()),
        }).ToList();

        var responses = await Task.WhenAll(batches.Select(b => fixture.Server.CallAsync("/v1/verify", b)));

        for (int b = 0; b < batches.Count; b++)
        {
            var results = responses[b].Body!["results"]!.AsArray();
            results.Select(r => (string?)r!["id"]).Should().Equal(Enumerable.Range(0, 8).Select(i => $"{b}-{i}"));
            results.Select(r => (bool)r!["correct"]!).Should().Equal(Enumerable.Range(0, 8).Select(i => i != b % 8));
        }
    }
}
