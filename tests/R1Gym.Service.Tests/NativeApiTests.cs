using System.Net;
using System.Text.Json.Nodes;

namespace R1Gym.Service.Tests;

[Collection(ServerCollection.Name)]
public sealed class NativeApiTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Tasks_are_listed_with_kind_and_options_schema_and_one_can_be_fetched_by_its_id()
    {
        var all = JsonNode.Parse(await Server.Http.GetStringAsync("/v1/tasks"))!["tasks"]!.AsArray();
        var one = JsonNode.Parse(await Server.Http.GetStringAsync("/v1/tasks/test/count-v1"))!;

        all.Select(t => (string?)t!["id"]).Should().Contain(["test/add-v1", "test/count-v1"]);
        all.Single(t => (string?)t!["id"] == "test/add-v1")!["options_schema"]!["type"]!.GetValue<string>().Should().Be("object");
        ((string?)one["kind"]).Should().Be("multi-turn");
    }

    [Fact]
    public async Task An_unknown_task_id_gets_404_on_get_and_400_on_problems_with_a_suggestion()
    {
        using var get = await Server.Http.GetAsync("/v1/tasks/test/ad-v1");
        var (status, body) = await Server.CallAsync("/v1/tasks/test/ad-v1/problems", new JsonObject());

        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
        status.Should().Be(400);
        ((string?)body!["error"]!["code"]).Should().Be("unknown_task");
        ((string?)body["error"]!["message"]).Should().Contain("test/add-v1");
    }

    [Fact]
    public async Task Problems_are_the_tasks_problems_for_seed_and_index_range()
    {
        var (status, body) = await Server.CallAsync("/v1/tasks/test/add-v1/problems", new JsonObject { ["seed"] = 5, ["start"] = 2, ["count"] = 3 });

        status.Should().Be(200);
        var problems = body!["problems"]!.AsArray();
        problems.Select(p => (int)p!["index"]!).Should().Equal(2, 3, 4);
        problems.Select(p => (string?)p!["answer"]).Should().Equal(TestTasks.Answer(5, 2), TestTasks.Answer(5, 3), TestTasks.Answer(5, 4));
        ((string?)problems[0]!["prompt"]).Should().Be("What is 7 + 4?");
    }

    [Fact]
    public async Task Verify_keeps_order_and_ids_and_a_bad_item_gets_its_own_error()
    {
        var items = new JsonArray(
            new JsonObject { ["id"] = "right", ["task"] = "test/add-v1", ["seed"] = 1, ["index"] = 4, ["completion"] = TestTasks.Completion(TestTasks.Answer(1, 4)) },
            new JsonObject { ["id"] = 7, ["task"] = "test/add-v1", ["answer"] = "10", ["completion"] = TestTasks.Completion("11") },
            new JsonObject { ["id"] = "unknown", ["task"] = "test/nope-v1", ["index"] = 0, ["completion"] = "x" },
            new JsonObject { ["id"] = "no-completion", ["task"] = "test/add-v1", ["index"] = 0 },
            new JsonObject { ["id"] = "bad-index", ["task"] = "test/add-v1", ["index"] = "three", ["completion"] = "x" },
            new JsonObject { ["id"] = "neither", ["task"] = "test/add-v1", ["completion"] = "x" },
            new JsonObject { ["id"] = "bug", ["task"] = "test/buggy-v1", ["answer"] = "x", ["completion"] = "x" });

        var (status, body) = await Server.CallAsync("/v1/verify", new JsonObject { ["items"] = items });

        status.Should().Be(200);
        var results = body!["results"]!.AsArray();
        results.Select(r => r!["id"]!.ToJsonString()).Should().Equal("\"right\"", "7", "\"unknown\"", "\"no-completion\"", "\"bad-index\"", "\"neither\"", "\"bug\"");
        ((bool)results[0]!["correct"]!).Should().BeTrue();
        ((double)results[0]!["reward"]!).Should().BeGreaterThan((double)results[1]!["reward"]!);
        ((bool)results[1]!["correct"]!).Should().BeFalse();
        ((string?)results[1]!["final_answer"]).Should().Be("11");
        results.Skip(2).Select(r => (string?)r!["error"]!["code"]).Should().Equal("unknown_task", "bad_request", "bad_request", "bad_request", "internal_error");
        results[6]!.ToJsonString().Should().NotContain("/srv/secret").And.NotContain(" at ", "no stack trace or exception detail reaches the client");
    }

    [Fact]
    public async Task Bad_json_and_a_body_that_is_not_an_object_get_400_with_the_reason()
    {
        using var bad = await Server.PostAsync("/v1/verify", "{\"items\": [");
        using var array = await Server.PostAsync("/v1/verify", "[1, 2]");
        using var noItems = await Server.PostAsync("/v1/verify", "{}");

        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).Should().Contain("bad_json").And.Contain("not valid JSON");
        array.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noItems.Content.ReadAsStringAsync()).Should().Contain("'items'");
    }

    [Fact]
    public async Task A_generator_bug_is_a_500_with_a_request_id_and_no_stack_trace()
    {
        using var response = await Server.PostAsync("/v1/tasks/test/buggy-v1/problems", "{\"start\": 7}");
        string text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        text.Should().Contain("internal_error").And.Contain(response.Headers.GetValues("X-Request-Id").Single());
        text.Should().NotContain("generator bug").And.NotContain("InvalidOperationException");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints()
    {
        var document = JsonNode.Parse(await Server.Http.GetStringAsync("/openapi/v1.json"))!;

        document["paths"]!.AsObject().Select(p => p.Key).Should().Contain(["/v1/verify", "/v1/health", "/run_code", "/get_reward"]);
    }
}
