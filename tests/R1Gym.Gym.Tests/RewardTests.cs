using R1Gym.Abstractions;
using R1Gym.Testing;

namespace R1Gym.Gym.Tests;

public sealed class RewardTests
{
    [Theory]
    [InlineData("<think>\nreason\n</think>\n42")]
    [InlineData("reason, the prompt opened think</think>42")]
    [InlineData("  <think>r</think> <answer>42</answer>")]
    public void Well_formed_completions_earn_the_format_reward(string completion)
    {
        FormatReward.Check(completion).Should().BeNull();
        FormatReward.Score(completion).Should().Be(1);
    }

    [Theory]
    [InlineData(null, "empty completion")]
    [InlineData("", "empty completion")]
    [InlineData("<think>never closed", "no </think>")]
    [InlineData("42", "no </think>")]
    [InlineData("<think>a</think>b</think>c", "more than one </think>")]
    [InlineData("hi <think>a</think>b", "text before <think>")]
    [InlineData("<think><think>a</think>b", "nested <think>")]
    [InlineData("<think>  </think>b", "empty reasoning")]
    [InlineData("<think>a</think>", "no answer after </think>")]
    [InlineData("<think>a</think>b<think>", "<think> after the reasoning was closed")]
    [InlineData("<think>a</think><answer>b", "unbalanced <answer> tags")]
    [InlineData("<think>a</think></answer>b<answer>", "unbalanced <answer> tags")]
    public void Malformed_completions_get_no_format_reward_and_a_reason(string? completion, string reason)
    {
        FormatReward.Check(completion).Should().StartWith(reason);
        FormatReward.Score(completion).Should().Be(0);
    }

    [Theory]
    [InlineData("Let us add the numbers: 2 + 2 = 4.", "en", 1.0)]
    [InlineData("Let us 计算 it", "en", 0.75)]
    [InlineData("让我们 计算", "zh", 1.0)]
    [InlineData("Сначала сложим", "ru", 1.0)]
    [InlineData("Сначала add", "ru", 0.5)]
    [InlineData("2 + 2 = 4", "en", 1.0)]
    [InlineData("café naïve", "en", 1.0)]
    public void Language_consistency_is_the_share_of_words_in_the_target_script(string reasoning, string language, double expected)
    {
        LanguageConsistency.Score(reasoning, language).Should().BeApproximately(expected, 1e-9);
    }

    [Fact]
    public void Language_consistency_is_zero_without_reasoning_and_rejects_unknown_languages()
    {
        LanguageConsistency.Score(null, "en").Should().Be(0);
        ((Action)(() => LanguageConsistency.Score("x", "klingon"))).Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData(100, 0, 0, 0.0)]
    [InlineData(700, 1000, 200, 0.0)]
    [InlineData(800, 1000, 200, 0.0)]
    [InlineData(900, 1000, 200, -0.5)]
    [InlineData(1000, 1000, 200, -1.0)]
    [InlineData(1001, 1000, 200, -1.0)]
    [InlineData(1001, 1000, 0, -1.0)]
    public void The_overlong_penalty_follows_DAPO(int length, int max, int buffer, double expected)
    {
        LengthPenalty.Score(length, max, buffer).Should().BeApproximately(expected, 1e-9);
    }

    [Fact]
    public void Rewards_compose_with_configurable_weights_and_keep_each_component()
    {
        var composer = new RewardComposer(new RewardOptions
        {
            AccuracyWeight = 2, FormatWeight = 0.5, LanguageWeight = 0.25, LengthWeight = 1, MaxLength = 100, OverlongBuffer = 50,
        });
        var completion = "<think>Add them up 计算</think>\\boxed{4}";

        var reward = composer.Compose(new RewardInput(completion, Verdict.Correct()) { CompletionTokens = 75 });

        reward.Accuracy.Should().Be(1);
        reward.Format.Should().Be(1);
        reward.Language.Should().BeApproximately(0.75, 1e-9);
        reward.Length.Should().BeApproximately(-0.5, 1e-9);
        reward.Total.Should().BeApproximately(2 * 1 + 0.5 * 1 + 0.25 * 0.75 + 1 * -0.5, 1e-9);
        reward.ToMetrics().Keys.Should().Equal("reward/total", "reward/accuracy", "reward/format", "reward/language", "reward/length");
    }

    [Fact]
    public void Correctness_and_shaping_stay_separate()
    {
        var composer = new RewardComposer(new RewardOptions());

        var rightButMalformed = composer.Compose(new RewardInput("42", Verdict.Correct()));
        var wrongButWellFormed = composer.Compose(new RewardInput("<think>r</think>41", Verdict.Wrong("expected 42")));

        rightButMalformed.Accuracy.Should().Be(1);
        rightButMalformed.Format.Should().Be(0);
        wrongButWellFormed.Accuracy.Should().Be(0);
        wrongButWellFormed.Format.Should().Be(1);
        rightButMalformed.Total.Should().BeGreaterThan(wrongButWellFormed.Total, "accuracy outweighs format by default");
    }

    [Fact]
    public void Hostile_completions_compose_without_throwing()
    {
        var composer = new RewardComposer(new RewardOptions { LanguageWeight = 1, MaxLength = 1000 });

        var rewards = HostileCompletions.For(new Problem("p", "1")).Select(h => composer.Compose(new RewardInput(h.Completion, Verdict.Wrong("x")))).ToList();

        rewards.Should().AllSatisfy(r => double.IsFinite(r.Total).Should().BeTrue());
        composer.Compose(new RewardInput(null, Verdict.Wrong("none"))).Total.Should().Be(0);
    }

    [Fact]
    public void Invalid_reward_options_are_rejected_with_every_failure()
    {
        var act = () => new RewardComposer(new RewardOptions { Language = "xx", FormatWeight = -1, MaxLength = 10, OverlongBuffer = 20 });

        act.Should().Throw<R1GymException>().WithMessage("*FormatWeight*").WithMessage("*Language 'xx'*").WithMessage("*OverlongBuffer (20)*");
    }
}
