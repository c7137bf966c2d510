using R1Gym.Abstractions;

namespace R1Gym.Tasks.Logic.Tests;

public sealed class KnightsKnavesTests
{
    private static readonly KnightsKnavesTask Task = new(new KnightsKnavesOptions());

    private static readonly Problem AliceKnightBenKnave = new("", "Alice: knight, Ben: knave");

    [Fact]
    public void The_same_seed_and_index_give_the_same_puzzle() => TaskHarness.GenerationIsDeterministic(() => new KnightsKnavesTask(new KnightsKnavesOptions()));

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public async Task Reference_solutions_score_one_for_every_size(int people) =>
        await TaskHarness.ReferenceSolutionsScoreOne(new KnightsKnavesTask(new KnightsKnavesOptions { People = people }), seed: people, count: 15);

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(8)]
    public void Generated_puzzles_have_exactly_one_consistent_assignment_which_is_the_answer(int people)
    {
        var task = new KnightsKnavesTask(new KnightsKnavesOptions { People = people });
        for (int index = 0; index < 20; index++)
        {
            var (problem, statements) = task.Build(new Random(index));
            var truth = KnightsKnavesTask.Parse(problem.Answer);
            var assignment = KnightsKnavesTask.Names[..people].Select(n => truth[n]).ToArray();

            KnightsKnavesTask.CountSolutions(statements, limit: 10).Should().Be(1);
            statements.Select((s, i) => s.Holds(assignment) == assignment[i]).Should().AllBeEquivalentTo(true);
        }
    }

    [Fact]
    public void A_known_puzzle_is_solved_uniquely_and_an_ambiguous_one_is_recognised()
    {
        // Alice: "Ben is a knave." Ben: "Alice and I are both knaves." Only Alice knight, Ben knave fits.
        Statement[] known = [new("Ben is a knave.", s => !s[1]), new("Alice and I are both knaves.", s => !s[0] && !s[1])];
        Statement[] ambiguous = [new("I am a knight.", s => s[0]), new("Alice is a knight.", s => s[0])];

        KnightsKnavesTask.CountSolutions(known, 10).Should().Be(1);
        known.Select((s, i) => s.Holds([true, false]) == (i == 0)).Should().AllBeEquivalentTo(true);
        KnightsKnavesTask.CountSolutions(ambiguous, 10).Should().Be(2);
    }

    [Theory]
    [InlineData("Alice: knight, Ben: knave")]
    [InlineData("alice: Knight\nben: KNAVE")]
    [InlineData("Alice is a knight and Ben is a knave.")]
    [InlineData("Ben - knave, Alice - knight")]
    public async Task Correct_answers_in_any_reasonable_wording_are_accepted(string answer)
    {
        var verdict = await TaskHarness.Score(Task, AliceKnightBenKnave, $"<think>ok</think><answer>{answer}</answer>");

        verdict.IsCorrect.Should().BeTrue(verdict.Reason);
    }

    [Theory]
    [InlineData("Alice: knight", "no knight/knave verdict for Ben")]
    [InlineData("Alice: knave, Ben: knave", "wrong about Alice")]
    [InlineData("knight, knave", "no knight/knave verdict for Alice, Ben")]
    public async Task Wrong_or_incomplete_answers_score_zero(string answer, string reason)
    {
        var verdict = await TaskHarness.Score(Task, AliceKnightBenKnave, $"<think>ok</think><answer>{answer}</answer>");

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().Contain(reason);
    }

    [Theory]
    [MemberData(nameof(Hostile.Names), MemberType = typeof(Hostile))]
    public async Task Hostile_completions_score_zero_without_throwing(string name) => await TaskHarness.HostileScoresZero(Task, name);

    [Fact]
    public void Bad_options_are_rejected_naming_the_option()
    {
        TaskHarness.Errors(new KnightsKnavesOptions { People = 1 }).Should().Contain(nameof(KnightsKnavesOptions.People));
        TaskHarness.Errors(new KnightsKnavesOptions { People = 9 }).Should().Contain(nameof(KnightsKnavesOptions.People));
    }
}
