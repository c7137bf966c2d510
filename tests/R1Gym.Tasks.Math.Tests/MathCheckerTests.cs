using R1Gym.Tasks.Math.Checking;

namespace R1Gym.Tasks.Math.Tests;

public sealed class MathCheckerTests
{
    private readonly MathChecker _checker = new();

    public static TheoryData<string, string> EqualPairs => CheckerTable.Equal;

    public static TheoryData<string, string> DifferentPairs => CheckerTable.Different;

    [Theory]
    [MemberData(nameof(EqualPairs))]
    public void Equivalent_forms_are_judged_equal_both_ways(string expected, string answer)
    {
        var forward = _checker.Check(expected, answer);
        var backward = _checker.Check(answer, expected);

        forward.Score.Should().Be(1, forward.Reason);
        backward.Score.Should().Be(1, backward.Reason);
    }

    [Theory]
    [MemberData(nameof(DifferentPairs))]
    public void Different_values_are_judged_different_both_ways(string expected, string answer)
    {
        var forward = _checker.Check(expected, answer);
        var backward = _checker.Check(answer, expected);

        forward.Score.Should().Be(0, forward.Reason);
        backward.Score.Should().Be(0, backward.Reason);
    }

    [Fact]
    public void The_table_has_at_least_150_cases_in_both_directions()
    {
        int equal = CheckerTable.Equal.Count(), different = CheckerTable.Different.Count();

        (equal + different).Should().BeGreaterThanOrEqualTo(150);
        different.Should().BeGreaterThanOrEqualTo(50);
    }

    [Fact]
    public void A_missing_answer_scores_zero_with_a_reason()
    {
        var verdict = _checker.Check("5", null);

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().Contain("no final answer");
    }

    [Fact]
    public void An_answer_too_long_to_judge_scores_zero_without_parsing()
    {
        var verdict = _checker.Check("5", new string('5', 100_000));

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().Contain("characters long");
    }

    [Theory]
    [InlineData("\uD800\uDFFF\uDBFF")]
    [InlineData("((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((5")]
    [InlineData("{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{5}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}")]
    [InlineData("\\frac{\\frac{\\frac{\\frac{")]
    [InlineData("\\sqrt[\\sqrt[\\sqrt[")]
    [InlineData("-----------------------------------------------------------------------------5")]
    [InlineData("1e308^1e308^1e308")]
    [InlineData("\\begin{pmatrix}\\end{pmatrix}")]
    [InlineData("\\{\\}\\cup\\cup\\cup")]
    [InlineData("x = = = =")]
    public void Malformed_answers_never_throw(string answer)
    {
        var verdict = _checker.Check("6", answer);

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void Deep_nesting_beyond_the_limit_is_wrong_rather_than_a_stack_overflow()
    {
        var answer = new string('(', 400) + "5" + new string(')', 400);

        MathChecker.AreEquivalent("5", answer).Should().BeFalse();
        MathChecker.AreEquivalent("5", "((5))").Should().BeTrue();
    }
}
