using R1Gym.Abstractions;
using R1Gym.Gym.Tests.Support;

namespace R1Gym.Gym.Tests;

public sealed class SdkContractTests
{
    [Fact]
    public void Generation_is_a_pure_function_of_seed_and_index()
    {
        var a = new AdditionTask(new AdditionOptions());
        var b = new AdditionTask(new AdditionOptions());

        var first = a.Generate(7, 3);
        var second = b.Generate(7, 3);

        second.Prompt.Should().Be(first.Prompt);
        second.Answer.Should().Be(first.Answer);
        first.Key.Should().Be(new ProblemKey(7, 3));
        a.Generate(7, 4).Prompt.Should().NotBe(first.Prompt);
    }

    [Fact]
    public void Deterministic_seeds_are_stable_across_runs_and_machines()
    {
        var seed = DeterministicSeed.Combine(42, 7);

        seed.Should().Be(DeterministicSeed.Combine(42, 7));
        seed.Should().NotBe(DeterministicSeed.Combine(42, 8));
        seed.Should().NotBe(DeterministicSeed.Combine(43, 7));
    }

    [Fact]
    public async Task The_base_class_scores_empty_completions_zero_with_a_reason()
    {
        var task = new AdditionTask(new AdditionOptions());
        var problem = task.Generate(0, 0);

        var verdict = await task.VerifyAsync(new VerifyArgs(problem, "   "));

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().Be("empty completion");
    }

    [Fact]
    public async Task The_base_class_turns_a_verifier_exception_into_a_zero_score()
    {
        var task = new ThrowingTask();

        var verdict = await task.VerifyAsync(new VerifyArgs(task.Generate(0, 0), "anything"));

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().StartWith("verifier error: InvalidOperationException");
    }

    [Fact]
    public void Negative_indexes_are_bugs_and_throw()
    {
        var task = new AdditionTask(new AdditionOptions());

        var act = () => task.Generate(0, -1);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Partial_verdicts_are_clamped_and_NaN_becomes_zero()
    {
        Verdict.Partial(1.5, "r").Score.Should().Be(1);
        Verdict.Partial(-1, "r").Score.Should().Be(0);
        Verdict.Partial(double.NaN, "r").Score.Should().Be(0);
        Verdict.Partial(0.5, "r").IsCorrect.Should().BeFalse();
        Verdict.Correct().IsCorrect.Should().BeTrue();
    }

    [Fact]
    public void Code_run_results_report_the_fraction_of_tests_passed()
    {
        new CodeRunResult("wrong_answer", 3, 4).Fraction.Should().Be(0.75);
        new CodeRunResult("compile_error", 0, 0).Fraction.Should().Be(0);
    }

    [Fact]
    public void Step_results_are_done_when_terminated_or_truncated()
    {
        new StepResult("", 0, true, false).Done.Should().BeTrue();
        new StepResult("", 0, false, true).Done.Should().BeTrue();
        new StepResult("", 0, false, false).Done.Should().BeFalse();
    }

    private sealed class ThrowingTask() : ReasoningTask<NoOptions>(new NoOptions())
    {
        protected override Problem Create(Random random, int index) => new("p", "a");

        protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("bug");
    }
}
