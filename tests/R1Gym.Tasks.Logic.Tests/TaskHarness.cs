using System.ComponentModel.DataAnnotations;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Tasks.Logic.Tests;

/// <summary>Shared direct checks: determinism, reference solutions, hostile output, option validation.</summary>
internal static class TaskHarness
{
    public static async Task<Verdict> Score(IReasoningTask task, Problem problem, string completion) =>
        await task.VerifyAsync(new VerifyArgs(problem, completion));

    public static async Task ReferenceSolutionsScoreOne(IReasoningTask task, long seed, int count)
    {
        for (int index = 0; index < count; index++)
        {
            var problem = task.Generate(seed, index);
            var solution = task.Solve(problem);

            solution.Should().NotBeNull();
            FormatReward.Check(solution).Should().BeNull("the reference solution of {0} must be in the R1 format", problem.Key);
            var verdict = await Score(task, problem, solution!);
            verdict.Score.Should().Be(1.0, "the reference of {0} must be accepted ({1})", problem.Key, verdict.Reason);
        }
    }

    public static void GenerationIsDeterministic(Func<IReasoningTask> create)
    {
        var a = create().Generate(42, 3);
        var b = create().Generate(42, 3);
        var other = create().Generate(42, 4);

        b.Prompt.Should().Be(a.Prompt);
        b.Answer.Should().Be(a.Answer);
        other.Prompt.Should().NotBe(a.Prompt);
    }

    public static async Task HostileScoresZero(IReasoningTask task, string name)
    {
        var problem = task.Generate(1, 0);

        var verdict = await Score(task, problem, Hostile.Completion(name, problem));

        verdict.Score.Should().Be(0);
        verdict.Reason.Should().NotBeNullOrEmpty().And.NotStartWith("verifier error");
    }

    public static IReadOnlyList<string> Errors(TaskOptions options)
    {
        var results = new List<ValidationResult>();
        var context = new ValidationContext(options);
        Validator.TryValidateObject(options, context, results, validateAllProperties: true);
        results.AddRange(options.Validate(context));
        return results.SelectMany(r => r.MemberNames).ToList();
    }
}
