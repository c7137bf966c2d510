using System.Text.Json.Nodes;

namespace R1Gym.Service.Tests;

/// <summary>OpenRLHF's remote reward request, as its remote_rm_fn sends it: {"query", "prompts", "labels"}.</summary>
[Collection(ServerCollection.Name)]
public sealed class OpenRlhfTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Get_reward_scores_each_query_by_the_problem_its_label_names()
    {
        string prompt = "<|user|>What is 3 + 4?<|assistant|>";
        var body = new JsonObject
        {
            ["query"] = new JsonArray(prompt + TestTasks.Completion(TestTasks.Answer(3, 2)), prompt + TestTasks.Completion("0"), prompt + "x", prompt + "y"),
            ["prompts"] = new JsonArray(prompt, prompt, prompt, prompt),
            ["labels"] = new JsonArray("{\"task\": \"test/add-v1\", \"seed\": 3, \"index\": 2}", "{\"task\": \"test/add-v1\", \"answer\": \"9\"}", "not json and no task in the URL", "{\"task\": \"test/nope-v1\", \"answer\": \"1\"}"),
        };

        var (status, response) = await Server.CallAsync("/get_reward", body);

        status.Should().Be(200);
        response!["scores"]!.AsArray().Select(s => (double)s!).Should().Equal(1, 0, 0, 0);
        ((double)response["rewards"]![0]!).Should().BeGreaterThan((double)response["rewards"]![1]!);
        response["errors"]!.AsArray().Select(e => e is null).Should().Equal(true, true, false, false);
    }

    [Fact]
    public async Task A_plain_label_is_the_answer_to_the_task_the_url_names()
    {
        var body = new JsonObject { ["query"] = new JsonArray(TestTasks.Completion("12")), ["prompts"] = new JsonArray(""), ["labels"] = new JsonArray("12") };

        var (status, response) = await Server.CallAsync("/get_reward?task=test/add-v1", body);

        status.Should().Be(200);
        ((double)response!["scores"]![0]!).Should().Be(1);
    }

    [Fact]
    public async Task Labels_that_do_not_match_the_queries_get_400()
    {
        var (status, response) = await Server.CallAsync("/get_reward", new JsonObject { ["query"] = new JsonArray("a", "b"), ["labels"] = new JsonArray("x") });

        status.Should().Be(400);
        ((string?)response!["error"]!["message"]).Should().Contain("2 queries, 1 labels");
    }
}
