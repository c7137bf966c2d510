using System.ComponentModel.DataAnnotations;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Games.Tests;

public sealed class MastermindTests
{
    private static MastermindEnvironment Create(MastermindOptions? options = null) => new(options ?? new MastermindOptions());

    [Theory]
    [InlineData("1122", "1212", 2, 2)]
    [InlineData("1234", "4321", 0, 4)]
    [InlineData("1111", "1222", 1, 0)]
    [InlineData("1234", "1234", 4, 0)]
    [InlineData("6543", "1122", 0, 0)]
    [InlineData("1123", "3111", 1, 2)]
    public void Feedback_counts_black_and_white_pegs_as_in_the_board_game(string secret, string guess, int black, int white)
    {
        var score = MastermindCode.Score(secret.Select(c => c - '0').ToArray(), guess.Select(c => c - '0').ToArray());

        score.Should().Be((black, white));
    }

    [Fact]
    public async Task The_same_seed_and_index_give_the_same_episode()
    {
        var a = Create();
        var b = Create();

        var first = await a.ResetAsync(7, 2);
        var second = await b.ResetAsync(7, 2);
        var stepA = await a.StepAsync(Play.Answer("1234"));
        var stepB = await b.StepAsync(Play.Answer("1234"));

        second.Text.Should().Be(first.Text);
        stepB.Observation.Should().Be(stepA.Observation);
    }

    [Theory]
    [InlineData(4, 6, 10)]
    [InlineData(3, 4, 8)]
    [InlineData(2, 9, 10)]
    public async Task The_reference_policy_cracks_every_possible_code_within_the_turn_limit(int pegs, int colors, int turns)
    {
        var options = new MastermindOptions { Pegs = pegs, Colors = colors, MaxTurns = turns };
        var worst = 0;
        foreach (var secret in MastermindCode.All(pegs, colors))
        {
            var env = Create(options);
            env.Start(secret);
            var (last, steps) = await Play.Reference(env);

            last.Terminated.Should().BeTrue();
            last.Reward.Should().Be(1.0, "the code {0} must be cracked", MastermindCode.Text(secret));
            worst = Math.Max(worst, steps);
        }
        worst.Should().BeLessThanOrEqualTo(turns);
    }

    [Fact]
    public async Task Running_out_of_guesses_truncates_the_episode_with_no_reward_and_reveals_the_code()
    {
        var env = Create(new MastermindOptions { MaxTurns = 2 });
        env.Start([6, 6, 6, 6]);

        var first = await env.StepAsync(Play.Answer("1111"));
        var second = await env.StepAsync(Play.Answer("2222"));
        var after = await env.StepAsync(Play.Answer("6666"));

        first.Observation.Should().Contain("0 black, 0 white").And.Contain("1 guess left");
        first.Done.Should().BeFalse();
        second.Should().Match<StepResult>(s => s.Truncated && !s.Terminated && s.Reward == 0);
        second.Observation.Should().Contain("6666");
        after.Reward.Should().Be(0);
    }

    [Theory]
    [InlineData("12 34")]
    [InlineData("1, 2, 3, 4")]
    [InlineData("[1,2,3,4]")]
    [InlineData("After 1111 and 2222, my guess is 1234.")]
    public async Task Guesses_with_spaces_commas_or_brackets_are_read(string guess)
    {
        var env = Create();
        env.Start([1, 2, 3, 4]);

        var step = await env.StepAsync(Play.Answer(guess));

        step.Should().Match<StepResult>(s => s.Terminated && s.Reward == 1.0);
    }

    [Theory]
    [InlineData("123", "exactly 4 digits")]
    [InlineData("12345", "exactly 4 digits")]
    [InlineData("1270", "between 1 and 6")]
    [InlineData("abcd", "exactly 4 digits")]
    [InlineData("maybe 12 or 345", "exactly 4 digits")]
    public async Task Malformed_guesses_cost_a_turn_and_explain_the_format(string guess, string reason)
    {
        var env = Create();
        env.Start([1, 2, 3, 4]);

        var step = await env.StepAsync(Play.Answer(guess));

        step.Should().Match<StepResult>(s => !s.Done && s.Reward == 0);
        step.Observation.Should().Contain(reason).And.Contain("9 guesses left");
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
        step.Observation.Should().Contain("not understood");
    }

    [Fact]
    public async Task Stepping_before_a_reset_is_a_programming_error()
    {
        var act = async () => await Create().StepAsync("1234");

        await act.Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public void Bad_options_are_rejected_naming_the_option()
    {
        var options = new MastermindOptions { Pegs = 7, Colors = 1, MaxTurns = 0 };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        results.SelectMany(r => r.MemberNames).Should().BeEquivalentTo(["Pegs", "Colors", "MaxTurns"]);
    }
}
