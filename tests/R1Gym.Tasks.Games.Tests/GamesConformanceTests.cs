using System.Text.Json.Nodes;
using R1Gym.Gym;
using R1Gym.Testing;

namespace R1Gym.Tasks.Games.Tests;

public sealed class GamesConformanceTests
{
    private static readonly TaskRegistry Registry = TaskRegistry.FromPlugins(new GamesPlugin());

    [Fact]
    public void The_plugin_registers_every_environment_as_a_multi_turn_task()
    {
        Registry.All.Select(d => d.Id).Should().BeEquivalentTo(["game/bulls-and-cows-v1", "game/mastermind-v1", "game/nim-v1"]);
        Registry.Create("game/nim-v1").IsSingleTurn.Should().BeFalse();
    }

    [Theory]
    [InlineData("game/mastermind-v1", null)]
    [InlineData("game/mastermind-v1", """{"pegs": 5, "colors": 8, "maxTurns": 12}""")]
    [InlineData("game/bulls-and-cows-v1", null)]
    [InlineData("game/nim-v1", null)]
    [InlineData("game/nim-v1", """{"heaps": 5, "maxHeap": 20, "opponentSkill": 30}""")]
    public async Task Every_environment_passes_the_gym_conformance_check(string id, string? options)
    {
        var report = await Conformance.CheckAsync(Registry, id, new ConformanceOptions
        {
            TaskOptions = options is null ? null : JsonNode.Parse(options)!.AsObject(),
        });

        report.Passed.Should().BeTrue(report.ToString());
        report.Results.Should().Contain(r => r.Check == "reference" && r.Status == ConformanceStatus.Passed);
    }

    [Fact]
    public void Bad_options_are_rejected_with_every_failure_named()
    {
        var act = () => Registry.Create("game/nim-v1", new JsonObject { ["heaps"] = 9, ["opponentSkill"] = 101 });

        act.Should().Throw<TaskOptionsException>().Which.Message.Should().Contain("Heaps").And.Contain("OpponentSkill");
    }
}
