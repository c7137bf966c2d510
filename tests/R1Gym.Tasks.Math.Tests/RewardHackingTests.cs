using R1Gym.Abstractions;
using R1Gym.Tasks.Math.Checking;

namespace R1Gym.Tasks.Math.Tests;

/// <summary>Answers a policy under RL could try to get reward without doing the work.</summary>
public sealed class RewardHackingTests
{
    [Theory]
    [InlineData("math/addition-v1", "+")]
    [InlineData("math/subtraction-v1", "-")]
    [InlineData("math/multiplication-v1", "*")]
    public async Task Copying_the_arithmetic_question_as_the_answer_earns_nothing(string id, string op)
    {
        var task = ProceduralTaskTests.Create(id);
        var problem = task.Generate(7, 0);
        var copied = $"{problem.Metadata["a"]} {op} {problem.Metadata["b"]}";

        var verdict = await task.VerifyAsync(new VerifyArgs(problem, $"<answer>{copied}</answer>"));

        verdict.IsCorrect.Should().BeFalse();
    }

    [Fact]
    public async Task Copying_the_fraction_question_as_the_answer_earns_nothing()
    {
        var task = ProceduralTaskTests.Create("math/fractions-v1");
        var problem = task.Generate(7, 0);
        var m = problem.Metadata;
        var copied = $"{m["a"]}/{m["b"]} {m["op"]} {m["c"]}/{m["d"]}";

        var verdict = await task.VerifyAsync(new VerifyArgs(problem, $"<answer>{copied}</answer>"));

        verdict.IsCorrect.Should().BeFalse();
    }

    [Theory]
    [InlineData("5200", false, true)]
    [InlineData("5,200", false, true)]
    [InlineData("\\boxed{5200}", false, true)]
    [InlineData("$-5200$", false, true)]
    [InlineData("x = 5200", false, true)]
    [InlineData("3/4", false, false)]
    [InlineData("-3/4", true, true)]
    [InlineData("\\frac{-3}{4}", true, true)]
    [InlineData("-\\dfrac{3}{4}", true, true)]
    [InlineData("7", true, true)]
    [InlineData("\\frac34", true, true)]
    [InlineData("1\\frac{1}{2}", true, true)]
    [InlineData("\\frac{1}{2}\\cdot 3", true, false)]
    [InlineData("1/2+1/4", true, false)]
    [InlineData("2^{3}", false, false)]
    [InlineData("3, 4", false, false)]
    public void Only_a_single_written_number_counts_as_a_final_number(string answer, bool allowFraction, bool expected)
    {
        MathChecker.IsFinalNumber(answer, allowFraction).Should().Be(expected);
    }

    [Theory]
    [InlineData("\\infty", "10^{400}")]
    [InlineData("10^{500}", "10^{400}")]
    [InlineData("-\\infty", "-10^{10^{10}}")]
    public void Numbers_too_large_for_doubles_are_not_judged_equal_to_each_other_or_to_infinity(string expected, string answer)
    {
        MathChecker.AreEquivalent(expected, answer).Should().BeFalse();
    }

    [Theory]
    [InlineData("10^{10^{10}}")]
    [InlineData("1000000!")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("0/0")]
    public void Overflowing_or_undefined_answers_never_match_a_finite_number(string answer)
    {
        MathChecker.AreEquivalent("12", answer).Should().BeFalse();
    }

    [Fact]
    public void Infinity_still_equals_infinity()
    {
        MathChecker.AreEquivalent("(-\\infty, 2]", "(-\\infty,2]").Should().BeTrue();
        MathChecker.AreEquivalent("\\infty", "\\infty").Should().BeTrue();
    }
}
