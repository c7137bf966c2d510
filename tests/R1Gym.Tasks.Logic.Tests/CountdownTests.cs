using R1Gym.Abstractions;

namespace R1Gym.Tasks.Logic.Tests;

public sealed class CountdownTests
{
    private static readonly CountdownTask Task = new(new CountdownOptions());

    private static Problem Puzzle(string numbers, int target) =>
        new("", target.ToString()) { Metadata = new Dictionary<string, string> { ["numbers"] = numbers, ["target"] = target.ToString() } };

    [Fact]
    public void The_same_seed_and_index_give_the_same_puzzle() => TaskHarness.GenerationIsDeterministic(() => new CountdownTask(new CountdownOptions()));

    [Fact]
    public async Task Reference_solutions_score_one_for_many_generated_puzzles()
    {
        await TaskHarness.ReferenceSolutionsScoreOne(Task, seed: 11, count: 60);
        await TaskHarness.ReferenceSolutionsScoreOne(new CountdownTask(new CountdownOptions { Count = 7, MaxNumber = 100, MaxTarget = 1000 }), seed: 5, count: 30);
    }

    [Fact]
    public void Generated_targets_are_reachable_positive_and_not_simply_a_given_number()
    {
        for (int index = 0; index < 100; index++)
        {
            var problem = Task.Generate(3, index);
            var numbers = problem.Metadata["numbers"].Split(',').Select(int.Parse).ToList();
            int target = int.Parse(problem.Answer);

            target.Should().BeInRange(1, 500);
            numbers.Should().NotContain(target);
            CountdownTask.Judge(problem, problem.Metadata["expression"]).IsCorrect.Should().BeTrue();
        }
    }

    [Theory]
    [InlineData("2 * 5 + 4")]
    [InlineData("(3 + 4) * 2")]
    [InlineData("4 * 3 + 2")]
    [InlineData("5 + 4 + 3 + 2")]
    [InlineData("2 × 5 + 4 = 14")]
    [InlineData("14 = 2*5+4")]
    [InlineData("$2 \\times (3 + 4)$")]
    [InlineData("[(4 + 3) * 2]")]
    public void Any_correct_expression_is_accepted_not_only_the_reference(string answer)
    {
        var verdict = CountdownTask.Judge(Puzzle("2,3,4,5", 14), answer);

        verdict.IsCorrect.Should().BeTrue(verdict.Reason);
    }

    [Fact]
    public void Fractions_in_intermediate_steps_are_evaluated_exactly()
    {
        var verdict = CountdownTask.Judge(Puzzle("1,3,4,6", 24), "6 / (1 - 3 / 4)");

        verdict.IsCorrect.Should().BeTrue(verdict.Reason);
    }

    [Theory]
    [InlineData("2 * 5 + 2 + 2", "used more often")]
    [InlineData("5 * 3 - 1", "not one of the given numbers")]
    [InlineData("14", "not one of the given numbers")]
    [InlineData("2 * 5 + 3", "equals 13")]
    [InlineData("5 / (3 - 3)", "division by zero")]
    [InlineData("4 / 3 * 2 + 5", "equals 23/3")]
    [InlineData("2 *", "ends too early")]
    [InlineData("(2 + 3", "expected ')'")]
    [InlineData("2 5", "unexpected '5'")]
    [InlineData("2.5 * 4", "decimal")]
    [InlineData("eval(14)", "expected a number")]
    [InlineData("-2 + 5 * 3 + 1", "expected a number")]
    public void Wrong_or_malformed_expressions_score_zero_with_a_reason(string answer, string reason)
    {
        var verdict = CountdownTask.Judge(Puzzle("2,3,4,5", 14), answer);

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().Contain(reason);
    }

    [Fact]
    public async Task The_answer_is_read_from_the_answer_tags_after_the_reasoning()
    {
        var problem = Puzzle("2,3,4,5", 14);

        var verdict = await TaskHarness.Score(Task, problem, "<think>\n2*5 = 10, plus 4.\n</think>\nSo the answer is <answer>2*5+4</answer>.");

        verdict.IsCorrect.Should().BeTrue(verdict.Reason);
    }

    [Theory]
    [MemberData(nameof(Hostile.Names), MemberType = typeof(Hostile))]
    public async Task Hostile_completions_score_zero_without_throwing(string name) => await TaskHarness.HostileScoresZero(Task, name);

    [Fact]
    public void Bad_options_are_rejected_naming_the_option()
    {
        TaskHarness.Errors(new CountdownOptions { Count = 2 }).Should().Contain(nameof(CountdownOptions.Count));
        TaskHarness.Errors(new CountdownOptions { MaxNumber = 100, MaxTarget = 150 }).Should().Contain(nameof(CountdownOptions.MaxTarget));
        TaskHarness.Errors(new CountdownOptions()).Should().BeEmpty();
    }
}
