using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Sandbox;

namespace R1Gym.Tasks.Code.Tests;

/// <summary>
/// The real sandbox, built the way the host builds it (<c>AddR1GymSandbox</c>), and a registry whose code tasks
/// resolve it through <see cref="ITaskCatalog.Services"/>. Shared by every test that runs code.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private readonly ServiceProvider _services;

    public SandboxFixture()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:PoolSize"] = "2", ["Sandbox:RunsPerWorker"] = "1000" })
            .Build();
        _services = new ServiceCollection().AddLogging().AddR1GymSandbox(configuration).BuildServiceProvider();
        Registry = TaskRegistry.FromPlugins([new CodePlugin()], _services);
    }

    public TaskRegistry Registry { get; }

    public ICodeRunner Runner => _services.GetRequiredService<ICodeRunner>();

    public IReasoningTask Task(string id, System.Text.Json.Nodes.JsonObject? options = null) => Registry.Create(id, options).RequireTask();

    public async Task InitializeAsync() => await _services.GetRequiredService<CodeSandbox>().StartAsync();

    // Only the sandbox is disposed: the container would dispose it twice (as CodeSandbox and as the ICodeRunner
    // factory's result), and a second WorkerPool.DisposeAsync throws ObjectDisposedException (reported to the sandbox owner).
    public async Task DisposeAsync() => await _services.GetRequiredService<CodeSandbox>().DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "sandbox";
}
