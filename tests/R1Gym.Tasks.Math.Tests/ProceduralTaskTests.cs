using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Testing;

namespace R1Gym.Tasks.Math.Tests;

public sealed class ProceduralTaskTests
{
    private static readonly TaskRegistry Registry = TaskRegistry.FromPlugins(new MathPlugin());

    private static readonly string[] IdList =
    [
        "math/addition-v1", "math/subtraction-v1", "math/multiplication-v1", "math/division-v1",
        "math/fractions-v1", "math/linear-equation-v1", "math/linear-system-v1",
    ];

    public static TheoryData<string> Ids => new(IdList);

    /// <summary>Each task at its easiest and hardest levels, plus a middle setting.</summary>
    public static TheoryData<string, string> Levels => new()
    {
        { "math/addition-v1", """{"Digits":1}""" }, { "math/addition-v1", """{"Digits":12}""" }, { "math/addition-v1", """{"Digits":30}""" },
        { "math/subtraction-v1", """{"Digits":1}""" }, { "math/subtraction-v1", """{"Digits":9}""" }, { "math/subtraction-v1", """{"Digits":30}""" },
        { "math/multiplication-v1", """{"Digits":1,"MultiplierDigits":1}""" }, { "math/multiplication-v1", """{"Digits":6,"MultiplierDigits":4}""" },
        { "math/multiplication-v1", """{"Digits":20,"MultiplierDigits":10}""" },
        { "math/division-v1", """{"Digits":1}""" }, { "math/division-v1", """{"Digits":8,"DivisorDigits":3}""" },
        { "math/division-v1", """{"Digits":20,"DivisorDigits":6}""" },
        { "math/fractions-v1", """{"Level":1}""" }, { "math/fractions-v1", """{"Level":2}""" }, { "math/fractions-v1", """{"Level":3,"MaxDenominator":100}""" },
        { "math/linear-equation-v1", """{"Level":1}""" }, { "math/linear-equation-v1", """{"Level":2}""" },
        { "math/linear-equation-v1", """{"Level":3,"MaxCoefficient":100,"MaxSolution":1000}""" },
        { "math/linear-system-v1", """{"Variables":2}""" }, { "math/linear-system-v1", """{"Variables":3}""" },
        { "math/linear-system-v1", """{"Variables":3,"MaxCoefficient":20,"MaxSolution":100}""" },
    };

    /// <summary>Options each task must refuse.</summary>
    public static TheoryData<string, string> BadOptions => new()
    {
        { "math/addition-v1", """{"Digits":0}""" }, { "math/addition-v1", """{"Digits":31}""" },
        { "math/subtraction-v1", """{"Digits":-1}""" },
        { "math/multiplication-v1", """{"MultiplierDigits":0}""" }, { "math/multiplication-v1", """{"Digits":21}""" },
        { "math/division-v1", """{"Digits":2,"DivisorDigits":3}""" }, { "math/division-v1", """{"DivisorDigits":7}""" },
        { "math/fractions-v1", """{"Level":4}""" }, { "math/fractions-v1", """{"MaxDenominator":1}""" },
        { "math/linear-equation-v1", """{"Level":0}""" }, { "math/linear-equation-v1", """{"MaxCoefficient":1}""" },
        { "math/linear-system-v1", """{"Variables":4}""" }, { "math/linear-system-v1", """{"MaxSolution":0}""" },
        { "math/addition-v1", """{"Digitz":3}""" },
    };

    public static TheoryData<string, string> Hostile
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var id in IdList)
                foreach (var name in new[] { "empty", "whitespace", "garbage-1mb", "unclosed-think", "lone-surrogates", "unbalanced-boxed", "control-chars" })
                    data.Add(id, name);
            return data;
        }
    }

    [Fact]
    public void The_plugin_registers_the_seven_procedural_tasks_and_the_math_checker()
    {
        Registry.All.Select(d => d.Id).Should().BeEquivalentTo(IdList);
        Registry.Checkers.Should().Contain("math");
        Registry.FindChecker("math").Should().BeOfType<Checking.MathChecker>();
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task Every_task_passes_the_gym_conformance_check(string id)
    {
        var report = await Conformance.CheckAsync(Registry, id);

        report.Passed.Should().BeTrue(report.ToString());
        report.Results.Should().Contain(r => r.Check == "reference" && r.Status == ConformanceStatus.Passed);
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public async Task Reference_solutions_score_one_at_every_level(string id, string options)
    {
        var task = Create(id, options);

        for (int index = 0; index < 25; index++)
        {
            var problem = task.Generate(7, index);
            var solution = task.Solve(problem);

            solution.Should().NotBeNull();
            FormatReward.Check(solution).Should().BeNull("the solution of {0} must be in the R1 format", problem.Key);
            var verdict = await task.VerifyAsync(new VerifyArgs(problem, solution!));
            verdict.Score.Should().Be(1, "{0} {1}: {2}\n{3}", id, problem.Key, verdict.Reason, solution);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_same_seed_and_index_give_the_same_problem_and_others_differ(string id)
    {
        var first = Create(id).Generate(42, 3);
        var again = Create(id).Generate(42, 3);
        var prompts = Enumerable.Range(0, 20).Select(i => Create(id).Generate(42, i).Prompt).ToList();

        again.Should().BeEquivalentTo(first);
        Create(id).Solve(again).Should().Be(Create(id).Solve(first));
        prompts.Distinct().Count().Should().BeGreaterThan(15);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task A_wrong_answer_scores_zero(string id)
    {
        var task = Create(id);
        var problem = task.Generate(3, 1);

        var verdict = await task.VerifyAsync(new VerifyArgs(problem, "<think>\nguess\n</think>\n<answer>123456789</answer>"));

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().NotStartWith("verifier error");
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_completions_score_zero_without_throwing(string id, string name)
    {
        var task = Create(id);
        var problem = task.Generate(1, 0);
        var completion = HostileCompletions.For(problem).Single(h => h.Name == name).Completion;

        var verdict = await task.VerifyAsync(new VerifyArgs(problem, completion));

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().NotBeNullOrEmpty().And.NotStartWith("verifier error");
    }

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_are_rejected_with_a_message_naming_the_option(string id, string options)
    {
        var act = () => Registry.Create(id, JsonNode.Parse(options)!.AsObject());

        var error = act.Should().Throw<R1GymException>().Which;
        var field = JsonNode.Parse(options)!.AsObject().First().Key;
        error.Message.Should().Contain(field);
    }

    internal static IReasoningTask Create(string id, string? options = null) =>
        Registry.Create(id, options is null ? null : JsonNode.Parse(options)!.AsObject()).Task!;
}
