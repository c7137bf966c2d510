using System.Text.Json.Nodes;

namespace R1Gym.Service.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_finishes_the_running_item_fails_the_queued_one_and_refuses_new_connections()
    {
        var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Service:MaxConcurrentItems"] = "1" });
        string running = Gates.New(), queuedGate = Gates.New();
        JsonObject Gated(string gate) => new() { ["items"] = new JsonArray(new JsonObject { ["task"] = "test/gated-v1", ["answer"] = "open", ["completion"] = gate }) };
        var first = server.CallAsync("/v1/verify", Gated(running));
        await Gates.For(running).Entered.Task;
        var second = server.CallAsync("/v1/verify", Gated(queuedGate));
        await WaitUntilQueued(server);

        var stopping = server.App.StopAsync();
        var (queuedStatus, queuedBody) = await second;
        Gates.For(running).Open.TrySetResult();
        var (firstStatus, firstBody) = await first;
        await stopping;
        var afterStop = async () => await new HttpClient().GetAsync(server.Url + "/v1/health");

        queuedStatus.Should().Be(200);
        ((string?)queuedBody!["results"]![0]!["error"]!["code"]).Should().Be("shutting_down");
        Gates.For(queuedGate).Entered.Task.IsCompleted.Should().BeFalse("the queued item never started");
        firstStatus.Should().Be(200);
        ((bool)firstBody!["results"]![0]!["correct"]!).Should().BeTrue();
        await afterStop.Should().ThrowAsync<HttpRequestException>();
        await server.App.DisposeAsync();
    }

    /// <summary>Polls the health endpoint until one item waits: an event, not a timing assumption.</summary>
    private static async Task WaitUntilQueued(TestServer server)
    {
        for (int i = 0; i < 10_000; i++)
        {
            var health = JsonNode.Parse(await server.Http.GetStringAsync("/v1/health"))!;
            if ((int)health["queued"]! == 1)
                return;
            await Task.Yield();
        }
        throw new TimeoutException("the second item never queued");
    }
}
