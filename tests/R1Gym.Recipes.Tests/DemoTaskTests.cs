using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Recipes.Demo;
using R1Gym.Training;

namespace R1Gym.Recipes.Tests;

public sealed class DemoTaskTests
{
    private static readonly AdditionTask Task = new(new AdditionOptions { Digits = 2 });

    [Fact]
    public void The_worked_solution_adds_column_by_column_with_carries()
    {
        var problem = new Problem("58+67", "125");

        var solution = Task.Solve(problem);

        solution.Should().Be("<think>\n8+7=15\n5+6+1=12\n</think>\n125");
    }

    [Fact]
    public async Task Every_reference_solution_scores_one_and_is_well_formed()
    {
        for (int i = 0; i < 50; i++)
        {
            var problem = Task.Generate(seed: 3, i);
            var solution = Task.Solve(problem)!;

            var verdict = await Task.VerifyAsync(new VerifyArgs(problem, solution));

            verdict.Score.Should().Be(1.0, solution);
            FormatReward.Score(solution).Should().Be(1.0);
        }
    }

    [Fact]
    public async Task A_wrong_or_missing_answer_scores_zero_with_a_reason()
    {
        var problem = new Problem("58+67", "125");

        var wrong = await Task.VerifyAsync(new VerifyArgs(problem, "8+7=15\n</think>\n124"));
        var unclosed = await Task.VerifyAsync(new VerifyArgs(problem, "<think>\n8+7=15"));

        wrong.Score.Should().Be(0);
        wrong.Reason.Should().Contain("expected 125, got 124");
        unclosed.Score.Should().Be(0);
    }

    [Fact]
    public void The_demo_plugin_registers_the_task_through_the_sdk()
    {
        using var registry = TaskRegistry.FromPlugins(new DemoTasksPlugin());

        var instance = registry.Create(AdditionTask.Id);

        instance.Task!.Generate(1, 0).Prompt.Should().MatchRegex(@"^\d{3}\+\d{3}$");
    }
}
