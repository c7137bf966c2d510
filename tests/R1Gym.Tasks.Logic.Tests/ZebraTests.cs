using R1Gym.Abstractions;

namespace R1Gym.Tasks.Logic.Tests;

public sealed class ZebraTests
{
    private static readonly ZebraTask Task = new(new ZebraOptions());

    private static readonly Problem Small = new("", "House 1: red, tea\nHouse 2: blue, milk\nHouse 3: green, coffee");

    [Fact]
    public void The_same_seed_and_index_give_the_same_puzzle() => TaskHarness.GenerationIsDeterministic(() => new ZebraTask(new ZebraOptions()));

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 3)]
    [InlineData(5, 5)]
    [InlineData(6, 4)]
    public void Generated_clues_have_exactly_one_solution_which_is_the_answer(int houses, int attributes)
    {
        var task = new ZebraTask(new ZebraOptions { Houses = houses, Attributes = attributes });
        for (int index = 0; index < 6; index++)
        {
            var (problem, puzzle) = task.Build(new Random(index));

            new ZebraSolver(houses, attributes, puzzle.Clues).Count(10, out var solution).Should().Be(1);
            solution.Should().Equal(puzzle.House);
            puzzle.Clues.Should().OnlyContain(c => c.IsUnary ? c.Holds(puzzle.House[c.A], 0) : c.Holds(puzzle.House[c.A], puzzle.House[c.B]));
            ZebraTask.ParseHouses(problem.Answer).Should().HaveCount(houses * attributes);
        }
    }

    [Fact]
    public void The_solver_solves_a_known_puzzle_and_counts_an_underdetermined_one()
    {
        // Items: colors red(0) blue(1) green(2), drinks tea(3) milk(4) coffee(5); three houses.
        ZebraClue[] known =
        [
            new(ZebraRelation.InHouse, 0, -1, 0),        // red is in house 1
            new(ZebraRelation.DirectlyLeftOf, 1, 2),     // blue directly left of green
            new(ZebraRelation.SameHouse, 3, 0),          // tea is drunk in the red house
            new(ZebraRelation.NextTo, 5, 1),             // coffee next to blue
            new(ZebraRelation.NotInHouse, 5, -1, 0),
        ];

        new ZebraSolver(3, 2, known).Count(10, out var solution).Should().Be(1);
        solution.Should().Equal(0, 1, 2, 0, 1, 2);
        new ZebraSolver(3, 2, known[..2]).Count(10, out _).Should().Be(6);
    }

    [Fact]
    public async Task Reference_solutions_score_one_for_small_and_large_puzzles()
    {
        await TaskHarness.ReferenceSolutionsScoreOne(Task, seed: 4, count: 15);
        await TaskHarness.ReferenceSolutionsScoreOne(new ZebraTask(new ZebraOptions { Houses = 6, Attributes = 5 }), seed: 4, count: 3);
    }

    [Theory]
    [InlineData("House 1: red, tea\nHouse 2: blue, milk\nHouse 3: green, coffee")]
    [InlineData("house 3 - Coffee, GREEN\nhouse 1 - Tea, Red\nhouse 2 - MILK, blue")]
    [InlineData("House 1: red, milk\nHouse 1: red, tea\nHouse 2: blue, milk\nHouse 3: green, coffee")]
    public async Task Answers_in_any_order_or_case_are_accepted(string answer)
    {
        var verdict = await TaskHarness.Score(Task, Small, $"<think>x</think>\n<answer>\n{answer}\n</answer>");

        verdict.IsCorrect.Should().BeTrue(verdict.Reason);
    }

    [Theory]
    [InlineData("House 1: red, milk\nHouse 2: blue, tea\nHouse 3: green, coffee", "tea is placed in house 2")]
    [InlineData("House 1: red, tea\nHouse 2: blue, milk", "green is not placed")]
    [InlineData("House 1: red, tea, milk\nHouse 2: blue, milk\nHouse 3: green, coffee", "milk is placed in more than one house")]
    [InlineData("red tea, blue milk, green coffee", "red is not placed")]
    public async Task Wrong_or_incomplete_answers_score_zero(string answer, string reason)
    {
        var verdict = await TaskHarness.Score(Task, Small, $"<think>x</think>\n<answer>\n{answer}\n</answer>");

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().Contain(reason);
    }

    [Theory]
    [MemberData(nameof(Hostile.Names), MemberType = typeof(Hostile))]
    public async Task Hostile_completions_score_zero_without_throwing(string name) => await TaskHarness.HostileScoresZero(Task, name);

    [Fact]
    public void Bad_options_are_rejected_naming_the_option()
    {
        TaskHarness.Errors(new ZebraOptions { Houses = 7 }).Should().Contain(nameof(ZebraOptions.Houses));
        TaskHarness.Errors(new ZebraOptions { Attributes = 1 }).Should().Contain(nameof(ZebraOptions.Attributes));
    }
}
