using R1Gym.Training.Evaluation;

namespace R1Gym.Training.Tests.Evaluation;

public sealed class SampleEstimatorsTests
{
    [Theory]
    [InlineData(5, 2, 1, 0.4)]            // c/n
    [InlineData(5, 2, 2, 0.7)]            // 1 - C(3,2)/C(5,2) = 1 - 3/10
    [InlineData(4, 1, 2, 0.5)]            // 1 - C(3,2)/C(4,2) = 1 - 3/6
    [InlineData(5, 0, 3, 0.0)]            // nothing correct
    [InlineData(5, 3, 3, 1.0)]            // n - c < k: every 3-subset holds a correct one
    [InlineData(200, 10, 100, 0.9992289739372822)] // 1 - C(190,100)/C(200,100), exact big-integer value
    public void Pass_at_k_matches_the_hand_computed_binomial_ratio(int n, int c, int k, double expected)
    {
        var value = SampleEstimators.PassAtK(n, c, k);

        value.Should().BeApproximately(expected, 1e-12);
    }

    [Fact]
    public void Pass_at_k_stays_finite_where_binomial_coefficients_would_overflow()
    {
        var value = SampleEstimators.PassAtK(5000, 1, 1);

        value.Should().BeApproximately(1.0 / 5000, 1e-15);
    }

    [Fact]
    public void Pass_at_k_rejects_more_correct_samples_than_samples()
    {
        var act = () => SampleEstimators.PassAtK(4, 5, 1);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Pass_at_1_is_the_share_of_correct_samples()
    {
        ScoredAnswer[] samples = [new("1", true), new("2", false), new("1", true), new(null, false)];

        SampleEstimators.PassAt1(samples).Should().Be(0.5);
    }

    [Fact]
    public void Majority_vote_picks_the_most_frequent_answer_and_ignores_missing_ones()
    {
        ScoredAnswer[] samples = [new("7", false), new("12", true), new(null, false), new(null, false), new("12", true)];

        SampleEstimators.MajorityAtK(samples, 5).Should().Be(1.0);
    }

    [Fact]
    public void Majority_vote_breaks_ties_by_the_answer_seen_first()
    {
        ScoredAnswer[] samples = [new("7", false), new("12", true), new("12", true), new("7", false)];

        SampleEstimators.MajorityAtK(samples, 4).Should().Be(0.0);
        SampleEstimators.MajorityAtK(samples, 3).Should().Be(1.0);
    }

    [Fact]
    public void Majority_vote_scores_zero_when_no_sample_answered()
    {
        ScoredAnswer[] samples = [new(null, false), new(null, false)];

        SampleEstimators.MajorityAtK(samples, 2).Should().Be(0.0);
    }

    [Theory]
    [InlineData("1,234.50", "1234.5")]
    [InlineData("$\\frac{1}{2}$", "\\frac{1}{2}")]
    [InlineData("\\dfrac{1}{2}", "\\frac{1}{2}")]
    [InlineData("5 \\text{ cm}", "5cm")]
    [InlineData("  ", null)]
    [InlineData(null, null)]
    public void Answers_are_normalised_into_voting_keys(string? answer, string? expected)
    {
        AnswerNormalizer.Normalize(answer).Should().Be(expected);
    }
}
