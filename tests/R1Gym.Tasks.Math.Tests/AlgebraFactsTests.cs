using R1Gym.Abstractions;
using R1Gym.Tasks.Math.Algebra;

namespace R1Gym.Tasks.Math.Tests;

public sealed class AlgebraFactsTests
{
    private static async Task<double> Score(IReasoningTask task, Problem problem, string answer) =>
        (await task.VerifyAsync(new VerifyArgs(problem, $"<think>\nwork\n</think>\n<answer>{answer}</answer>"))).Score;

    [Fact]
    public void Adding_fractions_finds_the_common_denominator_and_reduces()
    {
        var task = new FractionsTask(new FractionsOptions());
        var problem = new Problem("", "17/12") { Metadata = new Dictionary<string, string> { ["a"] = "2", ["b"] = "3", ["c"] = "3", ["d"] = "4", ["op"] = "+" } };

        var solution = task.Solve(problem);

        solution.Should().Contain("Common denominator: lcm(3, 4) = 12\n2/3 = 8/12 and 3/4 = 9/12\n8/12 + 9/12 = 17/12\n");
        solution.Should().Contain("gcd(17, 12) = 1");
    }

    [Fact]
    public void Dividing_fractions_multiplies_by_the_reciprocal()
    {
        var task = new FractionsTask(new FractionsOptions { Level = 3 });
        var problem = new Problem("", "2/3") { Metadata = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3", ["d"] = "4", ["op"] = "/" } };

        var solution = task.Solve(problem);

        solution.Should().Contain("Dividing by 3/4 is multiplying by 4/3.\nMultiply across: (1 x 4)/(2 x 3) = 4/6\ngcd(4, 6) = 2, so 4/6 = 2/3.");
    }

    [Theory]
    [InlineData("17/12", 1)]
    [InlineData("\\frac{17}{12}", 1)]
    [InlineData("\\dfrac{17}{12}", 1)]
    [InlineData("34/24", 0)]
    [InlineData("\\frac{34}{24}", 0)]
    [InlineData("12/17", 0)]
    [InlineData("1.41", 0)]
    public async Task Fraction_answers_must_be_equal_and_in_lowest_terms(string answer, double score)
    {
        var task = new FractionsTask(new FractionsOptions());

        (await Score(task, new Problem("", "17/12"), answer)).Should().Be(score);
    }

    [Fact]
    public void Level_one_fractions_share_a_denominator()
    {
        var task = ProceduralTaskTests.Create("math/fractions-v1", """{"Level":1}""");

        var problems = Enumerable.Range(0, 50).Select(i => task.Generate(2, i));

        problems.Should().OnlyContain(p => p.Metadata["b"] == p.Metadata["d"] && "+-".Contains(p.Metadata["op"]));
    }

    [Theory]
    [InlineData("5", 1)]
    [InlineData("x = 5", 1)]
    [InlineData("x=5.0", 1)]
    [InlineData("-5", 0)]
    [InlineData("x = 6", 0)]
    public async Task Linear_equation_answers_may_name_the_variable(string answer, double score)
    {
        var task = new LinearEquationTask(new LinearEquationOptions());

        (await Score(task, new Problem("", "5"), answer)).Should().Be(score);
    }

    [Fact]
    public void A_level_three_equation_is_expanded_before_it_is_solved()
    {
        var task = new LinearEquationTask(new LinearEquationOptions { Level = 3 });
        // 3(x + 2) = x + 10  =>  x = 2.
        var problem = new Problem("", "2")
        {
            Metadata = new Dictionary<string, string> { ["a"] = "3", ["b"] = "2", ["c"] = "1", ["d"] = "10", ["equation"] = "3(x + 2) = x + 10" },
        };

        var solution = task.Solve(problem);

        solution.Should().Be(
            "<think>\nSolve 3(x + 2) = x + 10.\nExpand the left side: 3x + 6 = x + 10\nSubtract x from both sides: 2x + 6 = 10\n" +
            "Subtract 6 from both sides: 2x = 4\nDivide both sides by 2: x = 4 / 2 = 2\nCheck: substituting x = 2 gives 12 on both sides.\n</think>\n<answer>2</answer>");
    }

    [Fact]
    public void Generated_equations_hold_for_their_answer()
    {
        var task = ProceduralTaskTests.Create("math/linear-equation-v1", """{"Level":2}""");

        foreach (var problem in Enumerable.Range(0, 50).Select(i => task.Generate(9, i)))
        {
            long a = long.Parse(problem.Metadata["a"]), b = long.Parse(problem.Metadata["b"]);
            long c = long.Parse(problem.Metadata["c"]), d = long.Parse(problem.Metadata["d"]), x = long.Parse(problem.Answer);
            (a * x + b).Should().Be(c * x + d, problem.Prompt);
            a.Should().NotBe(c);
        }
    }

    [Theory]
    [InlineData("(2, -1)", 1)]
    [InlineData("(2,-1)", 1)]
    [InlineData("x = 2, y = -1", 1)]
    [InlineData("y = -1, x = 2", 1)]
    [InlineData("(-1, 2)", 0)]
    [InlineData("x = 2", 0)]
    [InlineData("2, -1", 0)]
    public async Task System_answers_are_ordered_tuples_or_assignments(string answer, double score)
    {
        var task = new LinearSystemTask(new LinearSystemOptions());

        (await Score(task, new Problem("", "(2, -1)"), answer)).Should().Be(score);
    }

    [Fact]
    public void Generated_systems_are_satisfied_by_their_answer()
    {
        var task = ProceduralTaskTests.Create("math/linear-system-v1", """{"Variables":3}""");

        foreach (var problem in Enumerable.Range(0, 30).Select(i => task.Generate(4, i)))
        {
            var rows = problem.Metadata["rows"].Split(';').Select(r => r.Split(',').Select(long.Parse).ToArray()).ToList();
            var solution = problem.Metadata["solution"].Split(',').Select(long.Parse).ToArray();
            problem.Answer.Should().Be($"({string.Join(", ", solution)})");
            foreach (var (row, line) in rows.Zip(problem.Prompt.Split('\n').Skip(1)))
                line.Should().EndWith($"= {row.Zip(solution).Sum(p => p.First * p.Second)}");
        }
    }
}
