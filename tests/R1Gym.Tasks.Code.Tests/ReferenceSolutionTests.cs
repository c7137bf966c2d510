using R1Gym.Abstractions;
using R1Gym.Tasks.Code.Exercism;

namespace R1Gym.Tasks.Code.Tests;

/// <summary>The conformance proof: every task's reference solution scores 1.0 through the real sandbox.</summary>
[Collection(SandboxCollection.Name)]
public sealed class ReferenceSolutionTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Every_exercise_reference_solution_passes_all_its_tests_in_the_real_sandbox()
    {
        var exercises = ExerciseCatalog.All;

        var verdicts = await Task.WhenAll(exercises.Select(async e =>
        {
            var task = fixture.Task(e.Id);
            var problem = task.Generate(0, 0);
            var verdict = await task.VerifyAsync(new VerifyArgs(problem, task.Solve(problem)!));
            return (e.Id, verdict);
        }));

        verdicts.Where(v => !v.verdict.IsCorrect).Select(v => $"{v.Id}: {v.verdict.Reason}").Should().BeEmpty();
        exercises.Should().HaveCountGreaterThanOrEqualTo(60);
    }

    [Theory]
    [InlineData("code/multiples-sum-v1", "{}")]
    [InlineData("code/multiples-sum-v1", """{"difficulty": 1}""")]
    [InlineData("code/multiples-sum-v1", """{"difficulty": 3}""")]
    [InlineData("code/array-transform-v1", "{}")]
    [InlineData("code/array-transform-v1", """{"maxLength": 500, "maxValue": 1000000}""")]
    [InlineData("code/string-transform-v1", "{}")]
    [InlineData("code/string-transform-v1", """{"maxWords": 200}""")]
    public async Task Generated_reference_solutions_pass_their_generated_tests_in_the_real_sandbox(string id, string options)
    {
        var task = fixture.Task(id, System.Text.Json.Nodes.JsonNode.Parse(options)!.AsObject());

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var problem = task.Generate(7, i);
            return (i, verdict: await task.VerifyAsync(new VerifyArgs(problem, task.Solve(problem)!)));
        }));

        verdicts.Where(v => !v.verdict.IsCorrect).Select(v => $"#{v.i}: {v.verdict.Reason}").Should().BeEmpty();
    }
}
