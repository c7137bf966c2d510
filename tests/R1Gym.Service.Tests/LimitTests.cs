using System.Net;
using System.Text.Json.Nodes;

namespace R1Gym.Service.Tests;

/// <summary>Size and item limits, the bounded queue and the per-item time limit, each on a server of its own.</summary>
public sealed class LimitTests
{
    private static JsonObject Gated(string gate) => new()
    {
        ["items"] = new JsonArray(new JsonObject { ["id"] = gate, ["task"] = "test/gated-v1", ["answer"] = "open", ["completion"] = gate }),
    };

    [Fact]
    public async Task A_body_over_the_size_limit_and_too_many_items_get_413()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Service:MaxRequestBytes"] = "2048", ["Service:MaxItemsPerRequest"] = "3" });
        var items = new JsonArray(Enumerable.Range(0, 4).Select(i => (JsonNode)new JsonObject { ["task"] = "test/add-v1", ["index"] = i, ["completion"] = "x" }).ToArray());

        using var large = await server.PostAsync("/v1/verify", "{\"items\": [], \"pad\": \"" + new string('x', 4096) + "\"}");
        var (tooMany, body) = await server.CallAsync("/v1/verify", new JsonObject { ["items"] = items });
        var (problems, _) = await server.CallAsync("/v1/tasks/test/add-v1/problems", new JsonObject { ["count"] = 4 });

        large.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        tooMany.Should().Be(413);
        ((string?)body!["error"]!["message"]).Should().Contain("limit is 3");
        problems.Should().Be(413);
    }

    [Fact]
    public async Task A_full_queue_answers_429_and_a_queue_timeout_504_with_retry_after()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Service:MaxConcurrentItems"] = "1", ["Service:MaxQueuedItems"] = "1", ["Service:QueueTimeoutMs"] = "50",
        });
        string holder = Gates.New();
        var held = server.CallAsync("/v1/verify", Gated(holder));
        await Gates.For(holder).Entered.Task;

        using var full = await server.PostAsync("/v1/verify", new JsonObject { ["items"] = new JsonArray(Enumerable.Range(0, 3).Select(i => (JsonNode)new JsonObject { ["task"] = "test/add-v1", ["index"] = i, ["completion"] = "x" }).ToArray()) });
        using var runCode = await server.PostAsync("/run_code", new JsonObject { ["code"] = "System.Console.WriteLine(1);", ["language"] = "csharp" });
        using var reward = await server.PostAsync("/get_reward?task=test/add-v1", new JsonObject { ["query"] = new JsonArray("x"), ["labels"] = new JsonArray("1") });
        var (_, queued) = await server.CallAsync("/v1/verify", new JsonObject { ["items"] = new JsonArray(new JsonObject { ["id"] = "late", ["task"] = "test/add-v1", ["index"] = 0, ["completion"] = "x" }) });
        Gates.For(holder).Open.TrySetResult();
        var (heldStatus, heldBody) = await held;

        full.StatusCode.Should().Be((HttpStatusCode)429);
        full.Headers.RetryAfter.Should().NotBeNull();
        runCode.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout, "verl retries 504");
        runCode.Headers.RetryAfter.Should().NotBeNull();
        reward.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout, "OpenRLHF retries any failure");
        ((string?)queued!["results"]![0]!["error"]!["code"]).Should().Be("overloaded");
        heldStatus.Should().Be(200);
        ((bool)heldBody!["results"]![0]!["correct"]!).Should().BeTrue();
    }

    [Fact]
    public async Task An_item_past_its_time_limit_gets_a_time_limit_error_and_the_rest_of_its_batch_is_answered()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Service:ItemTimeLimitMs"] = "100" });
        string never = Gates.New();
        var body = Gated(never);
        body["items"]!.AsArray().Add(new JsonObject { ["id"] = "quick", ["task"] = "test/add-v1", ["index"] = 1, ["completion"] = TestTasks.Completion(TestTasks.Answer(0, 1)) });

        var (status, response) = await server.CallAsync("/v1/verify", body);

        status.Should().Be(200);
        ((string?)response!["results"]![0]!["error"]!["code"]).Should().Be("time_limit");
        ((bool)response["results"]![1]!["correct"]!).Should().BeTrue();
    }
}
