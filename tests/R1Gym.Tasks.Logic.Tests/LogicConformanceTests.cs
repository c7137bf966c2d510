using R1Gym.Gym;

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
    public async Task Every_logic_task_passes_the_gym_conformance_check(string id)
    {
        var report = await Conformance.CheckAsync(Registry, id);

        report.Passed.Should().BeTrue(report.ToString());
        report.Results.Should().Contain(r => r.Check == "reference" && r.Status == ConformanceStatus.Passed);
    }
}
