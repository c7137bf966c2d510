using R1Gym.Abstractions;
using R1Gym.Tasks.Math.Arithmetic;

namespace R1Gym.Tasks.Math.Tests;

public sealed class ArithmeticFactsTests
{
    private static Problem Known(string answer, params (string Key, string Value)[] metadata) =>
        new("", answer) { Metadata = metadata.ToDictionary(m => m.Key, m => m.Value) };

    [Fact]
    public void Addition_is_worked_digit_by_digit_from_the_right_with_carries()
    {
        var task = new AdditionTask(new AdditionOptions { Digits = 4 });

        var solution = task.Solve(Known("5200", ("a", "4821"), ("b", "379")));

        solution.Should().Be(
            "<think>\nAdd 4821 and 379 column by column from the right.\n" +
            "1 + 9 + 0 = 10, write 0, carry 1\n2 + 7 + 1 = 10, write 0, carry 1\n8 + 3 + 1 = 12, write 2, carry 1\n" +
            "4 + 0 + 1 = 5, write 5, carry 0\nThe written digits give 5200.\n</think>\n<answer>5200</answer>");
    }

    [Fact]
    public void A_final_carry_becomes_the_leading_digit()
    {
        var task = new AdditionTask(new AdditionOptions { Digits = 2 });

        var solution = task.Solve(Known("198", ("a", "99"), ("b", "99")));

        solution.Should().Contain("9 + 9 + 1 = 19, write 9, carry 1\nfinal carry: write 1\nThe written digits give 198.");
    }

    [Fact]
    public void Subtraction_borrows_across_zeros_and_drops_leading_zeros()
    {
        var task = new SubtractionTask(new SubtractionOptions { Digits = 4 });

        var solution = task.Solve(Known("1", ("a", "1000"), ("b", "999")));

        solution.Should().Contain("0 - 0 - 9 is negative, so 10 - 0 - 9 = 1, write 1, borrow 1\n");
        solution.Should().Contain("0 - 1 - 9 is negative, so 10 - 1 - 9 = 0, write 0, borrow 1\n");
        solution.Should().Contain("1 - 1 - 0 = 0, write 0, borrow 0\n");
        solution.Should().Contain("The written digits give 0001, which is 1 without the leading zeros.");
    }

    [Fact]
    public void Long_multiplication_writes_each_partial_product_and_their_sum()
    {
        var task = new MultiplicationTask(new MultiplicationOptions { Digits = 4, MultiplierDigits = 2 });

        var solution = task.Solve(Known("178377", ("a", "4821"), ("b", "37")));

        solution.Should().Contain("8 x 7 + 1 = 57, write 7, carry 5\n");
        solution.Should().Contain("4821 x 7 = 33747\n");
        solution.Should().Contain("4821 x 3 = 14463, shifted 1 place: 144630\n");
        solution.Should().Contain("33747 + 144630 = 178377\n");
        solution.Should().EndWith("<answer>178377</answer>");
    }

    [Fact]
    public void Long_division_brings_down_one_digit_at_a_time_and_checks_the_result()
    {
        var task = new DivisionTask(new DivisionOptions());
        var problem = Known("1410 R 6", ("dividend", "9876"), ("divisor", "7"), ("quotient", "1410"), ("remainder", "6"));

        var solution = task.Solve(problem);

        solution.Should().Contain("bring down 9: 9 / 7 = 1, 1 x 7 = 7, 9 - 7 = 2\n");
        solution.Should().Contain("bring down 8: 28 / 7 = 4, 4 x 7 = 28, 28 - 28 = 0\n");
        solution.Should().Contain("bring down 6: 6 / 7 = 0, 0 x 7 = 0, 6 - 0 = 6\n");
        solution.Should().Contain("Check: 1410 x 7 + 6 = 9876.");
    }

    [Theory]
    [InlineData("1410 R 6", 1)]
    [InlineData("1410 r 6", 1)]
    [InlineData("quotient 1410, remainder 6", 1)]
    [InlineData("(1410, 6)", 1)]
    [InlineData("1,410 R 6", 1)]
    [InlineData("1410 R 5", 0)]
    [InlineData("1411 R 6", 0)]
    [InlineData("1410", 0)]
    [InlineData("1410 R 6 R 7", 0)]
    [InlineData("no idea", 0)]
    public void Division_answers_are_read_as_quotient_and_remainder(string answer, double score)
    {
        var problem = Known("1410 R 6", ("quotient", "1410"), ("remainder", "6"));

        DivisionTask.Judge(problem, answer).Score.Should().Be(score);
    }

    [Fact]
    public void A_lone_quotient_is_accepted_when_the_division_is_exact()
    {
        var problem = Known("12 R 0", ("quotient", "12"), ("remainder", "0"));

        DivisionTask.Judge(problem, "12").Score.Should().Be(1);
        DivisionTask.Judge(problem, "13").Score.Should().Be(0);
    }

    [Theory]
    [InlineData("math/addition-v1", """{"Digits":5}""", 5)]
    [InlineData("math/subtraction-v1", """{"Digits":7}""", 7)]
    [InlineData("math/multiplication-v1", """{"Digits":4,"MultiplierDigits":3}""", 7)]
    [InlineData("math/division-v1", """{"Digits":6,"DivisorDigits":2}""", 8)]
    public void The_difficulty_follows_the_number_of_digits(string id, string options, int difficulty)
    {
        var problem = ProceduralTaskTests.Create(id, options).Generate(0, 0);

        problem.Difficulty.Should().Be(difficulty);
    }

    [Fact]
    public void Subtraction_never_goes_below_zero()
    {
        var task = ProceduralTaskTests.Create("math/subtraction-v1", """{"Digits":2}""");

        var answers = Enumerable.Range(0, 200).Select(i => long.Parse(task.Generate(5, i).Answer));

        answers.Should().OnlyContain(a => a >= 0);
    }
}
