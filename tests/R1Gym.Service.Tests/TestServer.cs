using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using R1Gym.Gym;
using R1Gym.Sandbox;

namespace R1Gym.Service.Tests;

/// <summary>Time the test moves by hand (episode expiry).</summary>
public sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The real server (Kestrel on a free loopback port) with the test tasks and a small sandbox pool, plus a client.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Key = "test-key-0123456789";

    private TestServer(WebApplication app, ManualClock clock)
    {
        App = app;
        Clock = clock;
        Url = app.Urls.First();
        Http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(2) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public WebApplication App { get; }

    public ManualClock Clock { get; }

    public string Url { get; }

    /// <summary>A client that sends the key.</summary>
    public HttpClient Http { get; }

    public static async Task<TestServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = ServiceApp.CreateBuilder(AppContext.BaseDirectory);
        var config = new Dictionary<string, string?>
        {
            ["Gym:LoadPlugins"] = "false",
            ["Gym:LoadTaskFiles"] = "false",
            ["Sandbox:PoolSize"] = "2",
            ["Sandbox:MemoryLimitMb"] = "128",
            // The CI machine is busy: a slow first compile must not become a verdict.
            ["Sandbox:CompileTimeoutMs"] = "120000",
            ["Service:ApiKey"] = Key,
            ["Service:ItemTimeLimitMs"] = "300000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.ClearProviders();
        builder.Services.AddR1GymGym(builder.Configuration);
        builder.Services.AddR1GymSandbox(builder.Configuration);
        builder.Services.AddTaskPlugin<TestTasks>();
        var clock = new ManualClock();
        builder.Services.AddSingleton<TimeProvider>(clock);
        var app = ServiceApp.Build(builder, "http://127.0.0.1:0");
        await app.StartAsync();
        return new TestServer(app, clock);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostAsync(string path, JsonNode body) => PostAsync(path, body.ToJsonString());

    /// <summary>Posts and returns (status, parsed body).</summary>
    public async Task<(int Status, JsonNode? Body)> CallAsync(string path, JsonNode body)
    {
        using var response = await PostAsync(path, body);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>One server shared by the tests that do not change its options (the sandbox starts once).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        // As r1gym serve does before it listens: workers and the compiler process start once, outside any test.
        await Server.App.Services.GetRequiredService<CodeSandbox>().StartAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
