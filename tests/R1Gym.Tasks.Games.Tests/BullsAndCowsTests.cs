using System.ComponentModel.DataAnnotations;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Games.Tests;

public sealed class BullsAndCowsTests
{
    private static BullsAndCowsEnvironment Create(BullsAndCowsOptions? options = null) => new(options ?? new BullsAndCowsOptions());

    [Fact]
    public async Task The_same_seed_and_index_give_the_same_secret_and_feedback()
    {
        var a = Create();
        var b = Create();
        await a.ResetAsync(4, 1);
        await b.ResetAsync(4, 1);

        var stepA = await a.StepAsync(Play.Answer("0123"));
        var stepB = await b.StepAsync(Play.Answer("0123"));

        stepB.Observation.Should().Be(stepA.Observation);
    }

    [Theory]
    [InlineData(4, 10, 21)]
    [InlineData(3, 10, 1)]
    [InlineData(5, 12, 1999)]
    public async Task The_reference_policy_guesses_the_number_within_the_turn_limit(int digits, int turns, int stride)
    {
        var options = new BullsAndCowsOptions { Digits = digits, MaxTurns = turns };
        var secrets = MastermindCode.All(digits, 10).Select(c => c.Select(d => d - 1).ToArray()).Where(c => c.Distinct().Count() == digits).ToList();
        int worst = 0;
        for (int i = 0; i < secrets.Count; i += stride)
        {
            var env = Create(options);
            env.Start(secrets[i]);

            var (last, steps) = await Play.Reference(env);

            last.Should().Match<StepResult>(s => s.Terminated && s.Reward == 1.0, "the number {0} must be found", string.Concat(secrets[i]));
            worst = Math.Max(worst, steps);
        }
        worst.Should().BeLessThanOrEqualTo(turns);
    }

    [Fact]
    public async Task Feedback_counts_bulls_and_cows()
    {
        var env = Create();
        env.Start([1, 2, 3, 4]);

        var step = await env.StepAsync(Play.Answer("1243"));

        step.Observation.Should().Contain("2 bulls, 2 cows").And.Contain("9 guesses left");
        step.Done.Should().BeFalse();
    }

    [Theory]
    [InlineData("1123", "different")]
    [InlineData("123", "exactly 4 digits")]
    [InlineData("12a4", "exactly 4 digits")]
    public async Task Invalid_guesses_cost_a_turn_and_explain_why(string guess, string reason)
    {
        var env = Create();
        env.Start([1, 2, 3, 4]);

        var step = await env.StepAsync(Play.Answer(guess));

        step.Should().Match<StepResult>(s => !s.Done && s.Reward == 0);
        step.Observation.Should().Contain(reason);
    }

    [Fact]
    public async Task Running_out_of_guesses_truncates_with_no_reward()
    {
        var env = Create(new BullsAndCowsOptions { MaxTurns = 1 });
        env.Start([0, 1, 2, 3]);

        var step = await env.StepAsync(Play.Answer("4567"));

        step.Should().Match<StepResult>(s => s.Truncated && !s.Terminated && s.Reward == 0);
        step.Observation.Should().Contain("0123");
    }

    [Theory]
    [MemberData(nameof(Play.HostileNames), MemberType = typeof(Play))]
    public async Task Hostile_actions_earn_feedback_and_no_reward_without_throwing(string name)
    {
        var env = Create();
        await env.ResetAsync(0, 0);

        var step = await env.StepAsync(Play.Hostile(name));

        step.Should().Match<StepResult>(s => !s.Done && s.Reward == 0);
        step.Observation.Should().Contain("not understood");
    }

    [Fact]
    public void Bad_options_are_rejected_naming_the_option()
    {
        var options = new BullsAndCowsOptions { Digits = 6, MaxTurns = 31 };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        results.SelectMany(r => r.MemberNames).Should().BeEquivalentTo(["Digits", "MaxTurns"]);
    }
}
