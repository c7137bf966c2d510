using System.Runtime.CompilerServices;
using R1Gym.Gym;
using R1Gym.Testing;

namespace R1Gym.Tasks.Logic.Tests;

public sealed class LogicConformanceTests
{
    private static readonly TaskRegistry Registry = TaskRegistry.FromPlugins(new LogicPlugin());

    [Fact]
    public void The_plugin_registers_every_logic_task()
    {
        var ids = Registry.All.Select(d => d.Id);

        ids.Should().BeEquivalentTo(
            ["logic/countdown-v1", "logic/knights-knaves-v1", "logic/sudoku-4x4-v1", "logic/sudoku-6x6-v1", "logic/sudoku-9x9-v1", "logic/zebra-v1"]);
    }

    [Theory]
    [InlineData("logic/countdown-v1")]
    [InlineData("logic/knights-knaves-v1")]
    [InlineData("logic/sudoku-4x4-v1")]
    [InlineData("logic/sudoku-6x6-v1")]
    [InlineData("logic/sudoku-9x9-v1")]
    [InlineData("logic/zebra-v1")]
    public async Task Every_logic_task_passes_the_gym_conformance_check_and_matches_its_prompt_snapshot(string id)
    {
        var report = await Conformance.CheckAsync(Registry, id, new ConformanceOptions { SnapshotDirectory = Snapshots() });

        report.Passed.Should().BeTrue(report.ToString());
        report.Results.Should().Contain(r => r.Check == "reference" && r.Status == ConformanceStatus.Passed);
        report.Results.Should().Contain(r => r.Check == "snapshot" && r.Status == ConformanceStatus.Passed);
    }

    [Fact]
    public async Task Harder_settings_pass_the_conformance_check_too()
    {
        var options = new ConformanceOptions { Samples = 3, TaskOptions = new() { ["people"] = 8 } };

        (await Conformance.CheckAsync(Registry, "logic/knights-knaves-v1", options)).Passed.Should().BeTrue();
        (await Conformance.CheckAsync(Registry, "logic/zebra-v1", options with { TaskOptions = new() { ["houses"] = 6, ["attributes"] = 5 } })).Passed.Should().BeTrue();
        (await Conformance.CheckAsync(Registry, "logic/sudoku-9x9-v1", options with { TaskOptions = new() { ["emptyPercent"] = 100 } })).Passed.Should().BeTrue();
        (await Conformance.CheckAsync(Registry, "logic/countdown-v1", options with { TaskOptions = new() { ["count"] = 7, ["maxNumber"] = 100, ["maxTarget"] = 1000 } })).Passed.Should().BeTrue();
    }

    private static string Snapshots([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "Snapshots");
}
