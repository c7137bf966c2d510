using R1Gym.Abstractions;

namespace R1Gym.Tasks.Logic.Tests;

/// <summary>Answers a policy under RL could try to get reward without being right.</summary>
public sealed class RewardHackingTests
{
    private static readonly KnightsKnavesTask KnightsKnaves = new(new KnightsKnavesOptions());
    private static readonly ZebraTask Zebra = new(new ZebraOptions { Houses = 3, Attributes = 2 });
    private static readonly Problem AliceKnightBenKnave = new("", "Alice: knight, Ben: knave");

    [Theory]
    [InlineData("<answer>Alice: knave, Ben: knave, Alice: knight</answer>")]
    [InlineData("<answer>Alice: knight, Ben: knight, Ben: knave</answer>")]
    [InlineData("<answer>Alice: knight or knave, Ben: knave</answer>")]
    [InlineData("<answer>Alice: knight, Ben: knave or knight</answer>")]
    [InlineData("<answer>Alice: a knight or a knave, Ben: knave</answer>")]
    [InlineData("<answer>Alice: knight/knave, Ben: knave</answer>")]
    [InlineData("<answer>Alice: knave, Ben: knave. Correction: Alice: knight</answer>")]
    public async Task Naming_two_roles_for_one_person_scores_zero(string completion)
    {
        var verdict = await TaskHarness.Score(KnightsKnaves, AliceKnightBenKnave, completion);

        verdict.Score.Should().Be(0);
    }

    [Theory]
    [InlineData("<answer>Alice: knight, Ben: knave</answer>")]
    [InlineData("<answer>Alice is a knight and Ben is a knave.</answer>")]
    [InlineData("<answer>Alice: Knight\nBen: Knave\nAlice: knight</answer>")]
    [InlineData("<answer>Alice: knight, Ben: knave (Ben is the only knave)</answer>")]
    public async Task A_consistent_answer_still_scores_one(string completion)
    {
        var verdict = await TaskHarness.Score(KnightsKnaves, AliceKnightBenKnave, completion);

        verdict.Score.Should().Be(1, verdict.Reason);
    }

    [Theory]
    [InlineData("2 2")]
    [InlineData("-2 + 27")]
    [InlineData("2.5 * 10")]
    [InlineData("25 ^ 1")]
    [InlineData("25 / (2 - 2)")]
    [InlineData("25, 27 - 2")]
    [InlineData("27 - 2 or 25")]
    public void Countdown_tricks_do_not_reach_the_target(string answer)
    {
        var problem = new Problem("", "25") { Metadata = new Dictionary<string, string> { ["numbers"] = "2,27,10,5", ["target"] = "25" } };

        CountdownTask.Judge(problem, answer).Score.Should().Be(0);
    }

    [Fact]
    public void Countdown_answer_written_twice_is_not_read_as_using_each_number_once()
    {
        var problem = new Problem("", "25") { Metadata = new Dictionary<string, string> { ["numbers"] = "2,27,10,5", ["target"] = "25" } };

        CountdownTask.Judge(problem, "27 - 2 = 25 = 27 - 2").Score.Should().Be(0);
        CountdownTask.Judge(problem, "27 - 2 = 25").Score.Should().Be(1);
    }

    [Theory]
    [InlineData("House 1: red, tea; House 2: blue, milk; House 3: green, coffee")]
    [InlineData("House 1: red, tea. House 2: blue, milk. House 3: green, coffee.")]
    public async Task A_zebra_answer_written_on_one_line_is_read_house_by_house(string answer)
    {
        var small = new Problem("", "House 1: red, tea\nHouse 2: blue, milk\nHouse 3: green, coffee");

        var verdict = await TaskHarness.Score(Zebra, small, $"<answer>{answer}</answer>");

        verdict.IsCorrect.Should().BeTrue(verdict.Reason);
    }

    [Fact]
    public async Task A_partial_zebra_answer_scores_zero()
    {
        var small = new Problem("", "House 1: red, tea\nHouse 2: blue, milk\nHouse 3: green, coffee");

        var verdict = await TaskHarness.Score(Zebra, small, "<answer>House 1: red, tea\nHouse 2: blue, milk\nHouse 3: green</answer>");

        verdict.Score.Should().Be(0);
    }

    [Theory]
    [InlineData("Alice")]
    [InlineData("house")]
    public async Task A_word_followed_by_a_long_run_of_spaces_is_judged_without_a_regex_timeout(string word)
    {
        var completion = $"<answer>{word}{new string(' ', 60_000)}x</answer>";

        foreach (IReasoningTask task in new IReasoningTask[] { KnightsKnaves, Zebra })
        {
            var verdict = await task.VerifyAsync(new VerifyArgs(task.Generate(1, 0), completion));

            verdict.Score.Should().Be(0);
            verdict.Reason.Should().NotContain("verifier error");
        }
    }
}
