using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Gym.Tests.Support;

namespace R1Gym.Gym.Tests;

/// <summary>The tasks this project ships under tasks/ pass the full conformance check, prompt snapshots included.</summary>
public sealed class ShippedTasksTests
{
    [Theory]
    [InlineData("scripts", "text/letter-count-v1")]
    [InlineData("gsm8k", "math/gsm8k-train-v1")]
    [InlineData("gsm8k", "math/gsm8k-test-v1")]
    public async Task A_shipped_task_passes_conformance_and_matches_its_snapshot(string folder, string id)
    {
        var tasks = Path.Combine(TaskPaths.RepositoryRoot(AppContext.BaseDirectory)!, "tasks", folder);
        using var services = GymHost.Build(plugins: null, tasks);
        var registry = services.GetRequiredService<ITaskRegistry>();

        var report = await Conformance.CheckAsync(registry, id, new ConformanceOptions { SnapshotDirectory = Snapshots() });

        report.Passed.Should().BeTrue(report.ToString());
        report.Results.Should().Contain(r => r.Check == "snapshot");
    }

    private static string Snapshots([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Snapshots");
}
