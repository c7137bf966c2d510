using System.Runtime.CompilerServices;
using R1Gym.Testing;

namespace R1Gym.TaskTemplate.Tests;

public sealed class TemplateClassTests
{
    private readonly PluginHarness _tasks = PluginHarness.For(new TemplateClassPlugin());

    [Fact]
    public async Task Every_task_passes_the_conformance_check_that_r1gym_check_runs()
    {
        // Snapshots of the first prompts live beside this file: commit them, so a generator that changes between runs or
        // machines is caught. Bump the task's -vN and delete its snapshot when a change is intended.
        var options = new ConformanceOptions { SnapshotDirectory = Snapshots() };

        var reports = await _tasks.CheckAllAsync(options);

        reports.ThrowIfAnyFailed();
    }

    [Fact]
    public async Task The_sample_task_accepts_the_right_answer_and_rejects_a_wrong_one()
    {
        var problem = _tasks.CreateTask("sample/sample-task-v1").Generate(seed: 1, index: 0);

        var right = await _tasks.VerifyAsync("sample/sample-task-v1", $"<think>multiply</think>\\boxed{{{problem.Answer}}}", seed: 1, index: 0);
        var wrong = await _tasks.VerifyAsync("sample/sample-task-v1", "<think>guess</think>\\boxed{1}", seed: 1, index: 0);

        Assert.True(right.IsCorrect, right.Reason);
        Assert.Equal(0, wrong.Score);
    }

    [Fact]
    public async Task The_worked_solution_is_in_the_R1_format_and_wins_its_episode()
    {
        var episode = await _tasks.PlayReferenceAsync("sample/sample-task-v1", seed: 7, index: 3);

        Assert.Null(CompletionFormat.Check(episode.Steps[0].Action));
        Assert.True(episode.Terminated);
        Assert.Equal(1.0, episode.FinalReward);
    }

    private static string Snapshots([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, "snapshots");
}
