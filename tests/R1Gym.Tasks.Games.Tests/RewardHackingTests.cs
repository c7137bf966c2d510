using R1Gym.Abstractions;

namespace R1Gym.Tasks.Games.Tests;

/// <summary>Actions a policy under RL could try to win without playing: several moves at once, odd numbers, hidden answers.</summary>
public sealed class RewardHackingTests
{
    [Theory]
    [InlineData("1234 5678")]
    [InlineData("1234, 5678")]
    [InlineData("1234 or 5678")]
    public async Task Listing_several_guesses_in_one_bulls_and_cows_action_judges_only_the_last(string guesses)
    {
        var env = new BullsAndCowsEnvironment(new BullsAndCowsOptions());
        env.Start([1, 2, 3, 4]);

        var step = await env.StepAsync(Play.Answer(guesses));

        step.Reward.Should().Be(0);
        step.Observation.Should().Contain("5678").And.Contain("9 guesses left");
    }

    [Fact]
    public async Task Listing_several_mastermind_codes_in_one_action_judges_only_the_last()
    {
        var env = new MastermindEnvironment(new MastermindOptions());
        env.Start([1, 2, 3, 4]);

        var step = await env.StepAsync(Play.Answer("1234 4321"));

        step.Reward.Should().Be(0);
        step.Done.Should().BeFalse();
    }

    [Fact]
    public async Task A_guess_only_inside_the_think_block_is_not_a_guess()
    {
        var env = new BullsAndCowsEnvironment(new BullsAndCowsOptions());
        env.Start([1, 2, 3, 4]);

        var step = await env.StepAsync("<think>\nthe answer is 1234\n</think>\n<answer></answer>");

        step.Reward.Should().Be(0);
        step.Observation.Should().Contain("not understood");
    }

    [Theory]
    [InlineData("take 99999999 from heap 1")]
    [InlineData("take -3 from heap 1")]
    [InlineData("take 0 from heap 1")]
    [InlineData("take 1 from heap -1")]
    [InlineData("take 1 from heap 0")]
    [InlineData("take 1 from heap 999999")]
    [InlineData("take 2147483648 from heap 1")]
    public async Task Nim_moves_with_huge_zero_or_negative_numbers_change_nothing(string move)
    {
        var env = new NimEnvironment(new NimOptions());
        await env.ResetAsync(3, 0);

        var step = await env.StepAsync(Play.Answer(move));

        step.Reward.Should().Be(0);
        step.Done.Should().BeFalse();
        step.Observation.Should().Contain("still");
    }

    [Fact]
    public async Task Several_nim_moves_in_one_action_play_only_one()
    {
        var env = new NimEnvironment(new NimOptions { Heaps = 2, MaxHeap = 7 });
        await env.ResetAsync(3, 0);

        var step = await env.StepAsync(Play.Answer("take 1 from heap 1, take 1 from heap 2"));

        step.Observation.Should().StartWith("You took 1 from heap 2. I take");
    }
}
