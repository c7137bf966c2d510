using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Games.Tests;

public sealed class NimTests
{
    private static NimEnvironment Create(NimOptions? options = null) => new(options ?? new NimOptions());

    [Theory]
    [InlineData(new[] { 3, 4, 5 }, 0, 2)]
    [InlineData(new[] { 1, 2, 4 }, 2, 1)]
    [InlineData(new[] { 7, 0, 0 }, 0, 7)]
    [InlineData(new[] { 1, 1, 1 }, 0, 1)]
    public void The_optimal_move_leaves_a_nim_sum_of_zero(int[] heaps, int heap, int take)
    {
        var move = NimEnvironment.OptimalMove(heaps);

        move.Should().Be((heap, take));
        heaps[heap] -= take;
        heaps.Aggregate(0, (a, b) => a ^ b).Should().Be(0);
    }

    [Fact]
    public void A_position_with_nim_sum_zero_has_no_winning_move() =>
        NimEnvironment.OptimalMove([1, 2, 3]).Should().BeNull();

    [Theory]
    [InlineData(100)]
    [InlineData(50)]
    [InlineData(0)]
    public async Task The_reference_policy_wins_every_game_from_every_start(int skill)
    {
        var options = new NimOptions { Heaps = 4, MaxHeap = 12, OpponentSkill = skill };
        for (int index = 0; index < 60; index++)
        {
            var env = Create(options);
            await env.ResetAsync(skill, index);

            var (last, _) = await Play.Reference(env);

            last.Should().Match<StepResult>(s => s.Terminated && s.Reward == 1.0);
            last.Observation.Should().Contain("You win");
        }
    }

    [Fact]
    public async Task Every_start_is_a_winning_position_for_the_agent()
    {
        for (int index = 0; index < 200; index++)
        {
            var observation = await Create(new NimOptions { Heaps = 2, MaxHeap = 3 }).ResetAsync(1, index);
            var heaps = observation.Info!["heaps"]!.AsArray().Select(h => h!.GetValue<int>()).ToArray();

            heaps.Aggregate(0, (a, b) => a ^ b).Should().NotBe(0);
        }
    }

    [Fact]
    public async Task The_opponent_is_deterministic_for_the_same_seed_index_and_moves()
    {
        var options = new NimOptions { OpponentSkill = 50 };
        var a = Create(options);
        var b = Create(options);
        await a.ResetAsync(3, 9);
        await b.ResetAsync(3, 9);

        var stepA = await a.StepAsync(Play.Answer("take 1 from heap 1"));
        var stepB = await b.StepAsync(Play.Answer("take 1 from heap 1"));

        stepB.Observation.Should().Be(stepA.Observation);
    }

    [Theory]
    [InlineData("take 3 from heap 2", 1, 3)]
    [InlineData("Take 1 stone from heap #3", 2, 1)]
    [InlineData("heap 2: 4", 1, 4)]
    [InlineData("Heap 1, take 2", 0, 2)]
    [InlineData("I could take 1 from heap 1, but I take 2 from heap 3 instead.", 2, 2)]
    public void Moves_are_read_in_the_documented_and_common_forms(string text, int heap, int take) =>
        NimEnvironment.ReadMove(text).Should().Be((heap, take));

    [Fact]
    public async Task Illegal_moves_earn_feedback_until_the_limit_and_then_forfeit()
    {
        var env = Create(new NimOptions { MaxInvalidMoves = 2 });
        await env.ResetAsync(0, 0);

        var tooMany = await env.StepAsync(Play.Answer("take 99 from heap 1"));
        var noHeap = await env.StepAsync(Play.Answer("take 1 from heap 9"));
        var forfeit = await env.StepAsync("no idea");

        tooMany.Should().Match<StepResult>(s => !s.Done && s.Reward == 0);
        tooMany.Observation.Should().Contain("has only");
        noHeap.Observation.Should().Contain("no heap 9");
        forfeit.Should().Match<StepResult>(s => s.Terminated && s.Reward == 0);
        forfeit.Observation.Should().Contain("forfeit");
    }

    [Theory]
    [MemberData(nameof(Play.HostileNames), MemberType = typeof(Play))]
    public async Task Hostile_actions_earn_feedback_and_no_reward_without_throwing(string name)
    {
        var env = Create();
        await env.ResetAsync(0, 0);

        var step = await env.StepAsync(Play.Hostile(name));

        step.Reward.Should().Be(0);
        step.Done.Should().BeFalse();
        step.Observation.Should().Contain("could not read");
    }

    [Fact]
    public void Bad_options_are_rejected_naming_the_option()
    {
        var options = new NimOptions { Heaps = 2, MaxHeap = 1, MaxInvalidMoves = 11 };
        var context = new ValidationContext(options);
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(options, context, results, validateAllProperties: true);
        results.AddRange(options.Validate(context));

        results.SelectMany(r => r.MemberNames).Should().Contain(["MaxInvalidMoves", "MaxHeap", "Heaps"]);
    }
}
