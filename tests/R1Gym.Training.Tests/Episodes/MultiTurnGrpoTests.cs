using static TorchSharp.torch;

namespace R1Gym.Training.Tests;

public sealed class MultiTurnGrpoTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "r1gym-multiturn-tests", Guid.NewGuid().ToString("N"));

    private static GrpoTrainer Trainer(GrpoOptions options, Model.CausalLM model, Model.ITextTokenizer tokenizer, CheckpointStore? store = null) =>
        new(options, model, tokenizer, EpisodeTasks.Single("test/scripted-v1", () => new ScriptedEnvironment(2)),
            ConversationFormat.FromPromptRenderer(p => p), new EpisodeOptions { MaxTurns = 3, MaxTokensPerTurn = 4, MaxEpisodeTokens = 60, GenerationChunks = 2 })
        {
            Checkpoints = store,
        };

    [Fact]
    public void Grpo_on_a_two_move_game_logs_episode_metrics_and_moves_the_policy_towards_the_rewarded_move()
    {
        // Given a tiny policy and a game whose return is the share of 'a' in the last move
        var tokenizer = TinyWorld.Tokenizer();
        using var model = TinyWorld.Model(tokenizer);
        double before = TinyWorld.ProbabilityOf(model, tokenizer, "a");
        using var trainer = Trainer(TinyWorld.Options(steps: 6), model, tokenizer);

        // When
        var history = trainer.Train();

        // Then every step logged the episode metrics, and 'a' became more likely
        history.Should().HaveCount(6);
        history[^1].Should().ContainKeys("episode/return_mean", "episode/win_rate", "episode/turns_mean", "episode/invalid_actions_mean",
            "episode/truncated_ratio", "episode/tokens_per_turn", "tools/calls_mean");
        history.Should().OnlyContain(m => m["episode/turns_mean"] >= 2.0);
        double after = TinyWorld.ProbabilityOf(model, tokenizer, "a");
        after.Should().BeGreaterThan(before, $"p('a') went from {before:F3} to {after:F3}");
    }

    [Fact]
    public void Multi_turn_training_killed_and_resumed_equals_an_uninterrupted_run_bitwise()
    {
        // Given an uninterrupted multi-turn run of 4 steps
        var tokenizer = TinyWorld.Tokenizer();
        using var straight = TinyWorld.Model(tokenizer);
        using (var trainer = Trainer(TinyWorld.Options(4), straight, tokenizer))
            trainer.Train();

        // When a second run checkpoints every 2 steps and is killed during step 3
        var run = Path.Combine(_dir, "run");
        var options = TinyWorld.Options(4);
        options.CheckpointEvery = 2;
        using (var interrupted = TinyWorld.Model(tokenizer))
        using (var trainer = Trainer(options, interrupted, tokenizer, new CheckpointStore(Path.Combine(run, "checkpoints"))))
        {
            using var kill = new CancellationTokenSource();
            var act = () => trainer.Train(new InlineProgress<TrainingProgress>(p => { if (p.Step == 3) kill.Cancel(); }), kill.Token);
            act.Should().Throw<OperationCanceledException>();
        }

        // and a fresh, differently initialised model resumes from the latest checkpoint
        using var resumed = TinyWorld.Model(tokenizer, seed: 99);
        var store = new CheckpointStore(Path.Combine(run, "checkpoints"));
        using (var trainer = Trainer(options, resumed, tokenizer, store))
        {
            trainer.Resume(store.Latest()!);
            trainer.Step.Should().Be(2);
            trainer.Train();
        }

        // Then every weight is bitwise identical
        var expected = straight.state_dict();
        foreach (var (name, value) in resumed.state_dict())
            value.eq(expected[name]).all().item<bool>().Should().BeTrue($"{name} should match bitwise");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }
}
