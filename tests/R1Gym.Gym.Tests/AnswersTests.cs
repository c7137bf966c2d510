using R1Gym.Abstractions;

namespace R1Gym.Gym.Tests;

public sealed class AnswersTests
{
    [Theory]
    [InlineData("<think>a</think>42", "42")]
    [InlineData("<think>a</think>\nThe answer is \\boxed{42}.", "42")]
    [InlineData("reasoning only closes</think> \\boxed{7}", "7")]
    [InlineData("<think>x</think><answer> 12 </answer>", "12")]
    [InlineData("<think>x</think><ANSWER>12</ANSWER>", "12")]
    [InlineData("<think>\\boxed{1}</think>\\boxed{2}", "2")]
    [InlineData("<think>x</think>so #### 1,234\nbye", "1,234")]
    [InlineData("no tags at all: 5", "no tags at all: 5")]
    [InlineData("<think>x</think>\\boxed{\\frac{1}{2}}", "\\frac{1}{2}")]
    [InlineData("<think>x</think>\\fbox{9}", "9")]
    [InlineData("<think>a</think>b<think>c</think>  final ", "final")]
    [InlineData("<think>x</think><answer>a</answer> \\boxed{b}", "a")]
    [InlineData("<think>x</think>$x = \\boxed{2}$ or $x = \\boxed{-3}$.", "2, -3")]
    [InlineData("<think>x</think>\\boxed{1}, \\boxed{2} \\text{ and } \\boxed{3}", "1, 2, 3")]
    [InlineData("<think>x</think>\\boxed{5}. Checking again, it is \\boxed{6}", "6")]
    public void Extract_reads_the_final_answer_through_the_standard_chain(string completion, string expected)
    {
        var answer = Answers.Extract(completion);

        answer.Should().Be(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<think>never closed \\boxed{42}")]
    [InlineData("<think>x</think>")]
    [InlineData("<think>x</think>   \n ")]
    public void Extract_returns_null_when_there_is_no_answer(string? completion)
    {
        Answers.Extract(completion).Should().BeNull();
    }

    [Theory]
    [InlineData("\\boxed{a} \\boxed{b}", "b")]
    [InlineData("\\boxed{a} \\boxed{b", "a")]
    [InlineData("\\boxed {x}", "x")]
    [InlineData("\\boxed{{nested} {braces}}", "{nested} {braces}")]
    [InlineData("\\boxedx{1}", null)]
    [InlineData("\\boxed{}", null)]
    [InlineData("} } \\boxed{ok} }", "ok")]
    public void LastBoxed_balances_braces_and_skips_unclosed_boxes(string text, string? expected)
    {
        Answers.LastBoxed(text).Should().Be(expected);
    }

    [Fact]
    public void LastBoxed_handles_a_hundred_thousand_unclosed_boxes()
    {
        var hostile = "\\boxed{1} " + string.Concat(Enumerable.Repeat("\\boxed{", 100_000));

        var answer = Answers.LastBoxed(hostile);

        answer.Should().BeNull("the valid box lies outside the scanned tail and every later box is unclosed");
    }

    [Theory]
    [InlineData("Natalia sold 48/2 = <<48/2=24>>24 clips.\n#### 72", "72")]
    [InlineData("#### -3.5", "-3.5")]
    [InlineData("#### 1,000\nextra", "1,000")]
    [InlineData("no marker", null)]
    [InlineData("####", null)]
    public void Gsm8k_reads_the_text_after_the_last_marker(string text, string? expected)
    {
        Answers.Gsm8k(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("a 1 b 2,500.75 c", "2,500.75")]
    [InlineData("minus \u22125", "\u22125")]
    [InlineData("none", null)]
    public void LastNumber_finds_the_last_number(string text, string? expected)
    {
        Answers.LastNumber(text).Should().Be(expected);
    }

    [Theory]
    [InlineData("1,234", "1234")]
    [InlineData("$1,234.50", "1234.5")]
    [InlineData("\\$5", "5")]
    [InlineData("50%", "50")]
    [InlineData("\u22127", "-7")]
    [InlineData("-0.0", "0")]
    [InlineData("1 000", "1000")]
    [InlineData("18.", "18")]
    [InlineData("abc", null)]
    [InlineData("", null)]
    [InlineData("1e5", null)]
    public void Numbers_normalise_answers_culture_invariantly(string text, string? expected)
    {
        Numbers.Normalize(text).Should().Be(expected);
    }

    [Fact]
    public void Numbers_compare_by_value()
    {
        Numbers.AreEqual("1,234.0", "1234").Should().BeTrue();
        Numbers.AreEqual("2", "3").Should().BeFalse();
        Numbers.AreEqual(null, "3").Should().BeFalse();
    }

    [Fact]
    public void R1Format_composes_and_reads_back_the_reasoning()
    {
        var text = R1Format.Compose("  step one  ", " 42 ");

        text.Should().Be("<think>\nstep one\n</think>\n42");
        R1Format.Reasoning(text).Should().Be("\nstep one\n");
        R1Format.Reasoning("prompt opened it</think>answer").Should().Be("prompt opened it");
        R1Format.Reasoning("<think>never closed").Should().BeNull();
        Answers.Extract(text).Should().Be("42");
    }

    [Fact]
    public void VerifyArgs_exposes_the_extracted_final_answer()
    {
        var args = new VerifyArgs(new Problem("p", "1"), "<think>x</think>\\boxed{1}");

        args.FinalAnswer.Should().Be("1");
    }
}
