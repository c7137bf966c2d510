using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Tasks.Math.Tests;

/// <summary>The MATH and AIME manifests loaded by the real gym, with this plugin supplying the "math" checker.</summary>
public sealed class DataTaskLoadingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"r1gym-math-tasks-{Guid.NewGuid():N}");
    private readonly ServiceProvider _services;

    public DataTaskLoadingTests()
    {
        // Only the math and aime folders: the gym's other task files are someone else's concern.
        var tasks = Path.Combine(TaskPaths.RepositoryRoot(AppContext.BaseDirectory)!, "tasks");
        foreach (var folder in new[] { "math", "aime" })
        {
            Directory.CreateDirectory(Path.Combine(_folder, folder));
            foreach (var file in Directory.GetFiles(Path.Combine(tasks, folder)))
                File.Copy(file, Path.Combine(_folder, folder, Path.GetFileName(file)));
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gym:LoadPlugins"] = "false",
            ["Gym:TasksDirectory"] = _folder,
        }).Build();
        _services = new ServiceCollection().AddR1GymGym(configuration).AddTaskPlugin<MathPlugin>().BuildServiceProvider();
    }

    private ITaskRegistry Registry => _services.GetRequiredService<ITaskRegistry>();

    [Fact]
    public void The_four_data_tasks_load_and_only_the_training_set_is_trainable()
    {
        var data = Registry.All.Where(d => d.SourceKind == TaskSourceKind.Data).Select(d => d.Id);

        Registry.Failures.Should().BeEmpty();
        Registry.Get("math/math500-v1").EvaluationOnly.Should().BeTrue();
        Registry.Get("math/aime24-v1").EvaluationOnly.Should().BeTrue();
        Registry.Get("math/aime25-v1").EvaluationOnly.Should().BeTrue();
        Registry.Get("math/math-train-v1").EvaluationOnly.Should().BeFalse();
        data.Should().BeEquivalentTo(["math/math500-v1", "math/math-train-v1", "math/aime24-v1", "math/aime25-v1"]);
    }

    [Theory]
    [InlineData("math/math500-v1")]
    [InlineData("math/aime24-v1")]
    [InlineData("math/aime25-v1")]
    [InlineData("math/math-train-v1")]
    public async Task Every_boxed_ground_truth_scores_one_and_a_wrong_answer_zero(string id)
    {
        var task = Registry.Create(id).Task!;

        task.Should().BeAssignableTo<IFiniteTask>();
        for (int index = 0; index < ((IFiniteTask)task).Count; index++)
        {
            var problem = task.Generate(0, index);
            var right = await task.VerifyAsync(new VerifyArgs(problem, $"<think>\nwork\n</think>\nSo the answer is $\\boxed{{{problem.Answer}}}$."));
            var wrong = await task.VerifyAsync(new VerifyArgs(problem, "<think>\nwork\n</think>\n\\boxed{\\text{no idea}}"));

            right.Score.Should().Be(1, "{0} #{1}: {2}", id, index, right.Reason);
            wrong.Score.Should().Be(0);
        }
    }

    [Fact]
    public async Task Training_problems_come_with_worked_solutions_that_score_one()
    {
        var task = Registry.Create("math/math-train-v1").Task!;

        for (int index = 0; index < 20; index++)
        {
            var problem = task.Generate(0, index);
            var solution = task.Solve(problem);

            solution.Should().StartWith("<think>");
            (await task.VerifyAsync(new VerifyArgs(problem, solution!))).Score.Should().Be(1);
        }
    }

    [Fact]
    public async Task The_math500_data_task_passes_the_gym_conformance_check()
    {
        var report = await Conformance.CheckAsync(Registry, "math/math500-v1");

        report.Passed.Should().BeTrue(report.ToString());
    }

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
