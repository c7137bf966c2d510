using R1Gym.Training;
using static TorchSharp.torch;

namespace R1Gym.Training.Tests;

public sealed class GrpoTrainerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "r1gym-grpo-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_few_grpo_steps_move_the_policy_towards_the_rewarded_answer()
    {
        // Given a tiny random policy and a reward for writing lowercase letters
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);
        double before = TinyWorld.ProbabilityOf(model, tokenizer, TinyWorld.Lowercase);
        using var trainer = new GrpoTrainer(TinyWorld.Options(steps: 6), model, tokenizer, new LowercaseTask(), TinyWorld.Rewards(), p => p)
        {
            MetricsPath = Path.Combine(_dir, "metrics.jsonl"),
        };

        // When
        var history = trainer.Train();

        // Then the policy writes lowercase letters more often, and every step logged its metrics
        double after = TinyWorld.ProbabilityOf(model, tokenizer, TinyWorld.Lowercase);
        after.Should().BeGreaterThan(before + 0.05, $"p(lowercase) went from {before:F3} to {after:F3}");
        history.Should().HaveCount(6);
        history[^1].Should().ContainKeys("reward/total", "reward/accuracy", "completion/length_mean", "policy/entropy",
            "policy/clip_fraction", "policy/grad_norm", "perf/tokens_per_second", "perf/generate_share", "perf/train_share");
        MetricsLog.Load(trainer.MetricsPath!).Should().HaveCount(6);
    }

    [Fact]
    public void With_a_kl_penalty_the_reference_kl_is_logged_and_grows_from_zero()
    {
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);
        var options = TinyWorld.Options(steps: 3);
        options.Beta = 0.1;
        options.OptimizationPasses = 2;
        options.MicroBatchSize = 8;
        using var trainer = new GrpoTrainer(options, model, tokenizer, new LowercaseTask(), TinyWorld.Rewards(), p => p);

        var history = trainer.Train();

        history[0]["kl/reference"].Should().Be(0, "the policy equals the reference before the first update");
        history[^1]["kl/reference"].Should().BeGreaterThan(0);
    }

    [Fact]
    public void Training_n_steps_equals_training_k_steps_being_killed_and_resuming_to_n_bitwise()
    {
        // Given an uninterrupted run of 4 steps
        var tokenizer = TinyWorld.Tokenizer();
        using var straight = TinyWorld.Model(tokenizer);
        using (var trainer = new GrpoTrainer(TinyWorld.Options(4), straight, tokenizer, new LowercaseTask(), TinyWorld.Rewards(), p => p))
            trainer.Train();

        // When a second run checkpoints every 2 steps and is killed during step 3 (after it finished, before a checkpoint)
        var run = Path.Combine(_dir, "run");
        var options = TinyWorld.Options(4);
        options.CheckpointEvery = 2;
        using (var interrupted = TinyWorld.Model(tokenizer))
        using (var trainer = new GrpoTrainer(options, interrupted, tokenizer, new LowercaseTask(), TinyWorld.Rewards(), p => p)
        {
            Checkpoints = new CheckpointStore(Path.Combine(run, "checkpoints")),
            MetricsPath = Path.Combine(run, "metrics.jsonl"),
        })
        {
            using var kill = new CancellationTokenSource();
            var act = () => trainer.Train(new InlineProgress<TrainingProgress>(p => { if (p.Step == 3) kill.Cancel(); }), kill.Token);
            act.Should().Throw<OperationCanceledException>();
        }

        // and a fresh process (a differently initialised model) resumes from the latest checkpoint
        using var resumed = TinyWorld.Model(tokenizer, seed: 99);
        var store = new CheckpointStore(Path.Combine(run, "checkpoints"));
        using (var trainer = new GrpoTrainer(options, resumed, tokenizer, new LowercaseTask(), TinyWorld.Rewards(), p => p)
        {
            Checkpoints = store,
            MetricsPath = Path.Combine(run, "metrics.jsonl"),
        })
        {
            trainer.Resume(store.Latest()!);
            trainer.Step.Should().Be(2);
            trainer.Train();
        }

        // Then every weight is bitwise identical, and the metrics file has each step once
        var expected = straight.state_dict();
        foreach (var (name, value) in resumed.state_dict())
            value.eq(expected[name]).all().item<bool>().Should().BeTrue($"{name} should match bitwise");
        MetricsLog.Load(Path.Combine(run, "metrics.jsonl")).Select(r => r.Step).Should().Equal([1, 2, 3, 4]);
        CheckpointStore.ReadState(store.Latest()!).Step.Should().Be(4);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }
}
