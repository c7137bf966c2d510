using R1Gym.Testing;

namespace R1Gym.TaskTemplate.Tests;

public sealed class TemplateClassTests
{
    private readonly PluginHarness _tasks = PluginHarness.For(new TemplateClassPlugin());

    [Fact]
    public async Task Every_environment_passes_the_conformance_check_that_r1gym_check_runs()
    {
        var reports = await _tasks.CheckAllAsync();

        reports.ThrowIfAnyFailed();
    }

    [Fact]
    public async Task The_reference_policy_wins_within_the_turn_limit()
    {
        var episode = await _tasks.PlayReferenceAsync("sample/sample-task-v1", seed: 3, index: 5);

        Assert.True(episode.Terminated);
        Assert.Equal(1.0, episode.FinalReward);
        Assert.InRange(episode.Steps.Count, 1, 12);
    }

    [Fact]
    public async Task An_unreadable_guess_gets_feedback_and_no_reward()
    {
        var environment = _tasks.Create("sample/sample-task-v1").CreateEnvironment();
        await environment.ResetAsync(seed: 0, index: 0);

        var step = await environment.StepAsync("<think>hmm</think><answer>a lot</answer>");

        Assert.Equal(0, step.Reward);
        Assert.False(step.Done);
        Assert.Contains("could not read", step.Observation);
    }
}
