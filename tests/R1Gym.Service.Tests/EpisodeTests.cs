using System.Net;
using System.Text.Json.Nodes;

namespace R1Gym.Service.Tests;

[Collection(ServerCollection.Name)]
public sealed class EpisodeTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task An_episode_is_played_to_its_end_then_refuses_steps_and_is_deleted_once()
    {
        var (status, start) = await Server.CallAsync("/v1/envs/test/count-v1/episodes", new JsonObject { ["seed"] = 0, ["index"] = 0 });
        string episode = (string)start!["episode"]!;

        var steps = new List<JsonNode?>();
        foreach (string action in new[] { "1", "5", "2", "3" })
            steps.Add((await Server.CallAsync($"/v1/episodes/{episode}/step", new JsonObject { ["action"] = action })).Body);
        var (afterEnd, _) = await Server.CallAsync($"/v1/episodes/{episode}/step", new JsonObject { ["action"] = "4" });
        using var delete = await Server.Http.DeleteAsync($"/v1/episodes/{episode}");
        using var again = await Server.Http.DeleteAsync($"/v1/episodes/{episode}");

        status.Should().Be(200);
        ((string?)start["observation"]!["text"]).Should().StartWith("Count to three");
        steps.Select(s => (string?)s!["observation"]).Should().Equal("Now 2.", "Expected 2.", "Now 3.", "Done.");
        steps.Select(s => (bool)s!["done"]!).Should().Equal(false, false, false, true);
        ((double)steps[3]!["reward"]!).Should().Be(1);
        afterEnd.Should().Be(409);
        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_single_turn_task_plays_as_a_one_step_episode_with_its_verdict()
    {
        var (_, start) = await Server.CallAsync("/v1/envs/test/add-v1/episodes", new JsonObject { ["seed"] = 2, ["index"] = 1 });

        var (status, step) = await Server.CallAsync($"/v1/episodes/{(string)start!["episode"]!}/step", new JsonObject { ["action"] = TestTasks.Completion(TestTasks.Answer(2, 1)) });

        status.Should().Be(200);
        ((bool)step!["terminated"]!).Should().BeTrue();
        ((double)step["verdict"]!["score"]!).Should().Be(1);
    }

    [Fact]
    public async Task An_idle_episode_expires()
    {
        var (_, start) = await Server.CallAsync("/v1/envs/test/count-v1/episodes", new JsonObject());
        string episode = (string)start!["episode"]!;

        Server.Clock.Now += TimeSpan.FromSeconds(601);
        var (status, body) = await Server.CallAsync($"/v1/episodes/{episode}/step", new JsonObject { ["action"] = "1" });

        status.Should().Be(404);
        ((string?)body!["error"]!["message"]).Should().Contain("expired");
    }
}
