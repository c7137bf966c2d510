using R1Gym.Abstractions;
using R1Gym.Training.Evaluation;

namespace R1Gym.Training.Tests.Evaluation;

public sealed class TaskScoresTests
{
    private static SampleRecord Sample(bool correct, int tokens = 10, string finish = "eos", string answer = "1") =>
        new("text", answer, correct ? 1 : 0, correct, correct ? "correct" : "wrong", tokens, finish, WellFormed: correct);

    [Fact]
    public void Task_scores_average_the_per_problem_estimators()
    {
        var outcomes = new[]
        {
            new ProblemOutcome(new Problem("a", "1"), [Sample(true), Sample(false, answer: "2"), Sample(false, answer: "2"), Sample(false, 30, "length", "3")], Sample(false)),
            new ProblemOutcome(new Problem("b", "1"), [Sample(true), Sample(true), Sample(true), Sample(true)], Sample(true)),
        };

        var scores = TaskScores.From("t", outcomes, [1, 2, 4]);

        scores.PassAt1.Should().Be(0.625);                 // (1/4 + 4/4) / 2
        scores.PassAtK["pass@2"].Should().Be(0.75);       // (1 - C(3,2)/C(4,2) + 1) / 2
        scores.PassAtK["pass@4"].Should().Be(1.0);
        scores.MajAtK["maj@4"].Should().Be(0.5);          // problem a votes "2" (wrong), b votes "1"
        scores.Greedy.Should().Be(0.5);
        scores.MeanResponseTokens.Should().Be(12.5);      // (7 * 10 + 30) / 8
        scores.MaxResponseTokens.Should().Be(30);
        scores.TruncatedRate.Should().Be(0.125);
        scores.FormatRate.Should().Be(0.625);
    }

    [Fact]
    public void Reported_k_values_are_powers_of_two_up_to_the_sample_count()
    {
        var options = new EvalOptions { Samples = 6 };

        options.PassAtKValues().Should().Equal(1, 2, 4, 6);
    }
}

public sealed class EvalReportTests
{
    [Fact]
    public void The_markdown_table_has_as_many_cells_in_every_row_as_in_its_header()
    {
        var sample = new SampleRecord("x", "1", 1, true, "correct", 3, "eos", true);
        var outcomes = new[] { new ProblemOutcome(new Problem("p", "1"), [sample], null) };
        var options = new EvalOptions { Samples = 1, Greedy = false };
        var report = EvalReport.Create("m", options, [new TaskEvaluation(TaskScores.From("t", outcomes, options.PassAtKValues()), outcomes)], 1);

        var rows = report.ToMarkdown().Split('\n').Where(l => l.StartsWith('|')).ToList();

        rows.Should().HaveCount(4);
        rows.Select(r => r.Count(c => c == '|')).Distinct().Should().ContainSingle();
        rows[2].Should().StartWith("| t | 1 | 100.0 | 100.0 | - |");
    }
}
