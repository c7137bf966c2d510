using System.Text.Json.Nodes;

namespace R1Gym.Cli.Tests;

/// <summary>
/// Exact resume across a real process kill: training N steps equals training to a checkpoint, SIGKILL-ing the process at
/// whatever it was doing, and resuming to N with <c>--resume</c> (bitwise on CPU).
/// </summary>
[Collection(TrainRuns.Collection)]
public sealed class TrainResumeTests(TrainRuns runs)
{
    private static readonly TimeSpan CheckpointLimit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Grpo_killed_mid_run_and_resumed_ends_bitwise_equal_to_an_uninterrupted_run()
    {
        var run = Path.Combine(runs.Root, "grpo-killed");
        var killed = await KillAfterCheckpoint(runs.GrpoArgs(), run, step: 1);
        PlantTornCheckpointWrite(run);

        var resumed = await TrainRuns.RunAsync([.. runs.GrpoArgs(), "--output", run, "--resume"]);

        AssertResumedAndEqual(killed, resumed, run, runs.GrpoRun, TrainRuns.GrpoSteps, startedFrom: Path.Combine(runs.SftRun, "model"));
    }

    [Fact]
    public async Task Grpo_cut_short_by_a_time_budget_and_resumed_ends_bitwise_equal_to_an_uninterrupted_run()
    {
        var run = Path.Combine(runs.Root, "grpo-budget");
        var cut = await TrainRuns.RunAsync([.. runs.GrpoArgs(), "--output", run, "--time-budget", "0.001"]);

        var resumed = await TrainRuns.RunAsync([.. runs.GrpoArgs(), "--output", run, "--resume"]);

        cut.ExitCode.Should().Be(0, cut.ToString());
        int steps = JsonNode.Parse(cut.Stdout)!["steps"]!.GetValue<int>();
        steps.Should().BeLessThan(TrainRuns.GrpoSteps, "a 1 ms budget ends the run after the step that crosses it");
        JsonNode.Parse(cut.Stdout)!["checkpoint"]!.GetValue<string>().Should().Be(TrainRuns.Checkpoint(run, steps), "a run cut short keeps its last step");
        resumed.ExitCode.Should().Be(0, resumed.ToString());
        JsonNode.Parse(resumed.Stdout)!["resumed_from"]!.GetValue<string>().Should().Be(TrainRuns.Checkpoint(run, steps));
        TrainRuns.Weights(Path.Combine(run, "model")).Should().Be(TrainRuns.Weights(Path.Combine(runs.GrpoRun, "model")), "resume is bitwise exact");
    }

    [Fact]
    public async Task Sft_killed_mid_run_and_resumed_ends_bitwise_equal_to_an_uninterrupted_run()
    {
        var run = Path.Combine(runs.Root, "sft-killed");
        var killed = await KillAfterCheckpoint(runs.SftArgs(), run, step: 2);
        PlantTornCheckpointWrite(run);

        var resumed = await TrainRuns.RunAsync([.. runs.SftArgs(), "--output", run, "--resume"]);

        AssertResumedAndEqual(killed, resumed, run, runs.SftRun, TrainRuns.SftSteps, startedFrom: runs.BaseModel);
    }

    [Fact]
    public async Task Resuming_with_a_changed_option_warns_and_names_it()
    {
        var run = Path.Combine(runs.Root, "grpo-changed");
        TrainRuns.CopyRun(runs.GrpoRun, run);

        var resumed = await TrainRuns.RunAsync([.. runs.GrpoArgs(), "--output", run, "--resume", "--set", "Grpo:Seed=7"]);

        resumed.ExitCode.Should().Be(0, resumed.ToString());
        resumed.Stderr.Should().Contain("changed options (Seed 0 -> 7)").And.Contain("differ from an uninterrupted one");
        runs.Grpo.Stderr.Should().NotContain("changed options");
    }

    [Fact]
    public async Task Ctrl_c_finishes_the_step_writes_a_checkpoint_exits_130_and_resume_ends_bitwise_equal()
    {
        var run = Path.Combine(runs.Root, "sft-interrupted");
        CliResult stopped;
        using (var process = KillableCli.Start([.. runs.SftArgs(), "--output", run], TrainRuns.Environment))
        {
            await process.WaitForFileAsync(Path.Combine(TrainRuns.Checkpoint(run, 1), "trainer_state.json"), CheckpointLimit);
            stopped = await process.InterruptAsync(CheckpointLimit);
        }

        var resumed = await TrainRuns.RunAsync([.. runs.SftArgs(), "--output", run, "--resume"]);

        stopped.ExitCode.Should().Be(130, stopped.ToString());
        stopped.Stderr.Should().Contain("stopping after this step and writing a checkpoint");
        var report = JsonNode.Parse(stopped.Stdout)!;
        report["stop"]!.GetValue<string>().Should().Be("StopRequested");
        int steps = report["steps"]!.GetValue<int>();
        report["checkpoint"]!.GetValue<string>().Should().Be(TrainRuns.Checkpoint(run, steps), "the step in flight is finished and saved");
        resumed.ExitCode.Should().Be(0, resumed.ToString());
        TrainRuns.Weights(Path.Combine(run, "model")).Should().Be(TrainRuns.Weights(Path.Combine(runs.SftRun, "model")), "resume is bitwise exact");
    }

    [Fact]
    public async Task Training_into_a_folder_that_holds_a_run_is_refused_and_the_run_is_untouched()
    {
        var before = TrainRuns.StepMetrics(runs.SftRun).Select(m => m.ToJsonString()).ToList();

        var again = await TrainRuns.RunAsync([.. runs.SftArgs(), "--output", runs.SftRun]);

        again.ExitCode.Should().Be(2, again.ToString());
        again.Stderr.Should().Contain("already holds").And.Contain("--resume").And.Contain("--overwrite").And.NotContain("   at ");
        TrainRuns.StepMetrics(runs.SftRun).Select(m => m.ToJsonString()).Should().Equal(before);
    }

    [Fact]
    public async Task Resuming_a_run_with_another_task_option_is_refused_and_names_the_difference()
    {
        var run = Path.Combine(runs.Root, "grpo-other-task");
        TrainRuns.CopyRun(runs.GrpoRun, run);
        File.Copy(Path.Combine(runs.GrpoRun, "run.json"), Path.Combine(run, "run.json"));

        var resumed = await TrainRuns.RunAsync([.. runs.GrpoArgs(), "--output", run, "--resume", "--task-options", "{\"digits\": 3}"]);

        resumed.ExitCode.Should().Be(2, resumed.ToString());
        resumed.Stderr.Should().Contain("task options (defaults) -> {\"digits\":3}").And.Contain("--accept-changes");
    }

    private static async Task<CliResult> KillAfterCheckpoint(string[] args, string run, int step)
    {
        using var process = KillableCli.Start([.. args, "--output", run], TrainRuns.Environment);
        await process.WaitForFileAsync(Path.Combine(TrainRuns.Checkpoint(run, step), "trainer_state.json"), CheckpointLimit);
        return await process.KillAsync();
    }

    /// <summary>
    /// What a kill in the middle of <c>CheckpointStore.Save</c> leaves behind, written deliberately so the case is
    /// tested every time, not only when the kill happens to land there: a half-written temporary folder of a newer step
    /// and a half-replaced <c>latest</c> pointer. Resume must take neither.
    /// </summary>
    private static void PlantTornCheckpointWrite(string run)
    {
        var checkpoints = Path.Combine(run, "checkpoints");
        var torn = Directory.CreateDirectory(Path.Combine(checkpoints, ".tmp-step-000099-999999")).FullName;
        File.WriteAllBytes(Path.Combine(torn, "model.safetensors"), [0x10, 0x00, 0x00]);
        File.WriteAllText(Path.Combine(torn, "config.json"), "{\"hidden_si");
        File.WriteAllText(Path.Combine(checkpoints, "latest.tmp"), "step-000099");
    }

    private static void AssertResumedAndEqual(CliResult killed, CliResult resumed, string run, string uninterrupted, int steps, string startedFrom)
    {
        killed.ExitCode.Should().Be(137, "the run must be killed mid-way, not finish on its own:\n" + killed);
        killed.Stdout.Should().BeEmpty("a killed run prints no result");
        resumed.ExitCode.Should().Be(0, resumed.ToString());
        var report = JsonNode.Parse(resumed.Stdout)!;
        report["steps"]!.GetValue<int>().Should().Be(steps);
        var from = Path.GetFileName(report["resumed_from"]!.GetValue<string>());
        from.Should().MatchRegex("^step-0000[0-9][0-9]$").And.NotBe($"step-{steps:D6}", "the kill came before the last step");
        resumed.Stderr.Should().Contain($"from {report["resumed_from"]!.GetValue<string>()}").And.NotContain("changed options");

        TrainRuns.Weights(Path.Combine(run, "model")).Should().Be(TrainRuns.Weights(Path.Combine(uninterrupted, "model")), "resume is bitwise exact");
        TrainRuns.Weights(Path.Combine(run, "model")).Should().NotBe(TrainRuns.Weights(startedFrom), "training must have moved the weights");
        var metrics = TrainRuns.StepMetrics(run);
        metrics.Select(m => m["step"]!.GetValue<int>()).Should().Equal(Enumerable.Range(1, steps), "every step is logged once");
        metrics.Select(m => m.ToJsonString()).Should().Equal(TrainRuns.StepMetrics(uninterrupted).Select(m => m.ToJsonString()));
    }
}
