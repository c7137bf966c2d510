using System.Diagnostics;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Training.Tests;

/// <summary>No run is lost: refused folders, one run per folder, durable metrics, complete checkpoints, graceful stops.</summary>
public sealed class RunSafetyTests : IDisposable
{
    private static readonly RunIdentity Identity = new("grpo", "math/addition-v1", new JsonObject { ["digits"] = 2 }, "r1");
    private readonly string _root = Directory.CreateTempSubdirectory("r1gym-run-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Run => Path.Combine(_root, "run");

    [Fact]
    public void A_folder_that_holds_a_run_is_refused_without_resume_or_overwrite_and_nothing_in_it_is_touched()
    {
        using (RunFolder.Open(Run, RunMode.New, Identity))
            File.WriteAllText(Path.Combine(Run, "metrics.jsonl"), "{\"step\": 1}\n");

        var act = () => RunFolder.Open(Run, RunMode.New, Identity);

        act.Should().Throw<R1GymException>().WithMessage("*already holds*metrics.jsonl*--resume*--overwrite*");
        File.ReadAllText(Path.Combine(Run, "metrics.jsonl")).Should().Be("{\"step\": 1}\n");
    }

    [Fact]
    public void Overwrite_deletes_the_old_run_before_the_new_one_starts()
    {
        using (RunFolder.Open(Run, RunMode.New, Identity))
            Directory.CreateDirectory(Path.Combine(Run, "checkpoints", "step-000050"));

        using var run = RunFolder.Open(Run, RunMode.Overwrite, Identity);

        Directory.Exists(run.Checkpoints).Should().BeFalse();
        File.Exists(Path.Combine(Run, "run.json")).Should().BeTrue();
    }

    [Fact]
    public void A_second_run_on_a_folder_in_use_is_refused_with_the_holder_named()
    {
        using var first = RunFolder.Open(Run, RunMode.New, Identity);

        var act = () => RunFolder.Open(Run, RunMode.Resume, Identity);

        act.Should().Throw<R1GymException>().WithMessage($"*in use by process {Environment.ProcessId}*");
    }

    [Fact]
    public void The_lock_is_released_when_the_run_ends()
    {
        RunFolder.Open(Run, RunMode.New, Identity).Dispose();

        using var again = RunFolder.Open(Run, RunMode.Resume, Identity);

        again.Path.Should().Be(Run);
    }

    [Fact]
    public void Resuming_with_another_task_options_or_prompt_format_is_refused_unless_changes_are_accepted()
    {
        RunFolder.Open(Run, RunMode.New, Identity).Dispose();
        var other = Identity with { TaskOptions = new JsonObject { ["digits"] = 3 }, PromptFormat = "compact" };

        var act = () => RunFolder.Open(Run, RunMode.Resume, other);

        act.Should().Throw<R1GymException>().WithMessage("*task options {\"digits\":2} -> {\"digits\":3}*prompt format r1 -> compact*--accept-changes*");
        RunFolder.Open(Run, RunMode.Resume, other, acceptChanges: true).Dispose();
    }

    [Fact]
    public void Resuming_rewrites_the_metrics_through_a_new_file_so_a_kill_during_the_rewrite_keeps_the_old_one_whole()
    {
        // Given a metrics file with three steps and a second name for the same file (a hard link)
        var path = Path.Combine(_root, "metrics.jsonl");
        using (var log = new MetricsLog(path))
            for (int step = 1; step <= 3; step++)
                log.Write(step, new Dictionary<string, double> { ["loss/sft"] = step });
        var link = Path.Combine(_root, "metrics-link.jsonl");
        Process.Start("ln", [path, link])!.WaitForExit();

        // When a resume from step 2 drops step 3
        using (new MetricsLog(path, resumeAfterStep: 2)) { }

        // Then the new file has steps 1-2 and the old one was never written in place (the link still sees all three)
        MetricsLog.Load(path).Select(r => r.Step).Should().Equal(1, 2);
        MetricsLog.Load(link).Select(r => r.Step).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void A_truncated_newest_checkpoint_is_skipped_for_the_previous_complete_one_and_the_resume_works()
    {
        // Given checkpoints at steps 1 and 2, and the newest one's weights cut short (a disk that lost the tail)
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);
        var store = new CheckpointStore(Path.Combine(_root, "checkpoints"));
        var options = new SftOptions { Steps = 2, BatchSize = 2, CheckpointEvery = 1 };
        using (var trainer = new SftTrainer(options, model, tokenizer, [new("Q", "ab")]) { Checkpoints = store })
            trainer.Train();
        var weights = Path.Combine(store.Root, "step-000002", "model.safetensors");
        using (var file = new FileStream(weights, FileMode.Open))
            file.SetLength(file.Length / 2);

        // When
        var latest = store.Latest();

        // Then step 1 is the newest complete checkpoint, and a trainer resumes from it
        latest.Should().EndWith("step-000001");
        using var resumed = TinyWorld.Model(tokenizer, seed: 5);
        using var again = new SftTrainer(options, resumed, tokenizer, [new("Q", "ab")]);
        again.Resume(latest!);
        again.Step.Should().Be(1);
    }

    [Fact]
    public void A_checkpoint_without_its_completion_mark_does_not_count()
    {
        var folder = Path.Combine(_root, "checkpoints", "step-000009");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "trainer_state.json"), "{\"Trainer\": \"sft\", \"Step\": 9, \"Cursor\": 0, \"Options\": {}}");

        new CheckpointStore(Path.Combine(_root, "checkpoints")).Latest().Should().BeNull();
    }

    [Fact]
    public void A_stop_request_finishes_the_step_writes_its_checkpoint_and_says_why_it_stopped()
    {
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);
        var store = new CheckpointStore(Path.Combine(_root, "checkpoints"));
        using var stop = new CancellationTokenSource();
        using var trainer = new SftTrainer(new SftOptions { Steps = 10, BatchSize = 2, CheckpointEvery = 100 }, model, tokenizer, [new("Q", "ab")])
        {
            Checkpoints = store,
            StopRequested = stop.Token,
        };

        var history = trainer.Train(new InlineProgress<TrainingProgress>(p => { if (p.Step == 3) stop.Cancel(); }));

        history.Should().HaveCount(3);
        trainer.StopReason.Should().Be(TrainingStop.StopRequested);
        CheckpointStore.ReadState(store.Latest()!).Step.Should().Be(3);
    }

    [Fact]
    public void Every_trainer_saves_a_checkpoint_when_its_time_budget_cuts_it_short()
    {
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);
        var store = new CheckpointStore(Path.Combine(_root, "checkpoints"));
        using var trainer = new SftTrainer(new SftOptions { Steps = 10, BatchSize = 2 }, model, tokenizer, [new("Q", "ab")])
        {
            Checkpoints = store,
            TimeBudget = TimeSpan.FromTicks(1),
        };

        trainer.Train();

        trainer.StopReason.Should().Be(TrainingStop.TimeBudget);
        CheckpointStore.ReadState(store.Latest()!).Step.Should().Be(trainer.Step);
    }

    [Fact]
    public void Evaluation_during_training_joins_the_metrics_of_every_nth_step_and_the_last()
    {
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);
        var evaluated = new List<int>();
        using var trainer = new SftTrainer(new SftOptions { Steps = 5, BatchSize = 2 }, model, tokenizer, [new("Q", "ab")])
        {
            MetricsPath = Path.Combine(_root, "metrics.jsonl"),
            Evaluation = new TrainingEvaluation(2, (step, _) =>
            {
                evaluated.Add(step);
                return new Dictionary<string, double> { ["eval/accuracy"] = step / 10.0 };
            }),
        };

        trainer.Train();

        evaluated.Should().Equal(2, 4, 5);
        MetricsLog.Load(Path.Combine(_root, "metrics.jsonl")).Where(r => r["eval/accuracy"] is not null).Select(r => r.Step).Should().Equal(2, 4, 5);
    }
}
