using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using R1Gym.Abstractions;
using R1Gym.Model;
using R1Gym.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Recipes.Demo;

/// <summary>What the game demo measured: greedy play on held-out episodes after SFT and after GRPO.</summary>
public sealed record GameDemoReport(string Environment, string Device, long ModelParameters, int HeldoutEpisodes,
    double WinRateAfterSft, double WinRateAfterGrpo, double ReturnAfterSft, double ReturnAfterGrpo, double TurnsAfterSft, double TurnsAfterGrpo,
    int SftSteps, int GrpoSteps, double Seconds, string MetricsPath, IReadOnlyList<string> Plots)
{
    /// <summary>Win-rate gain of GRPO over SFT alone, in percentage points.</summary>
    public double ImprovementPoints => Math.Round((WinRateAfterGrpo - WinRateAfterSft) * 100, 2);
}

/// <summary>
/// <c>r1gym demo game</c>: multi-turn GRPO from scratch on a CPU. A character-level model is cold-started on reference
/// episodes of <c>demo/guess-number-v1</c> until a validation win rate, then GRPO trains it on whole games (environment
/// turns as context, the policy's turns trained), and held-out games are played greedily before and after.
/// </summary>
public sealed class GameDemo(ILogger<GameDemo>? logger = null)
{
    private const long SftSeed = 21, GrpoTaskSeed = 22, HeldoutSeed = 23, ValidationSeed = 24;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Turns rendered with the addition demo's compact template: <c>Q: higher 9-15\nA: &lt;think&gt;\n</c>.</summary>
    public static ConversationFormat Format { get; } = ConversationFormat.FromTemplate(ChatTemplate.Named("compact"));

    public async Task<GameDemoReport> RunAsync(GameDemoOptions options, IProgress<DemoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var total = Stopwatch.StartNew();
        var device = TorchBackend.Resolve(options.Device);
        if (device.type == DeviceType.CPU)
            set_num_threads(options.CpuThreads);
        manual_seed(options.Seed);
        var output = Path.GetFullPath(options.OutputDirectory);
        Directory.CreateDirectory(output);
        var game = new GuessNumberOptions { Max = options.Max, Guesses = options.Guesses };
        IEnvironment NewGame() => new GuessNumberEnvironment(game);

        var sftData = await ReferenceEpisodes.ExamplesAsync(NewGame, Format, TextTokenizer.EndOfText, SftSeed, options.SftEpisodes, wonOnly: true, cancellationToken: cancellationToken);
        var tokenizer = TextTokenizer.TrainCharLevel(
            sftData.SelectMany(e => new[] { e.Prompt, e.Completion }).Append("0123456789+=/- guesshigherlowercorrectinvalidlostover\nQA:"),
            [Answers.ThinkOpen, Answers.ThinkClose]);
        using var model = CausalLM.Create(TinyModel.Config(tokenizer, options.HiddenSize, options.Layers, options.Heads), device, device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32, options.Seed);
        long parameters = model.parameters().Sum(p => p.numel());
        var episodes = EpisodeOptionsFor(options);
        var evaluator = new EpisodeRunner(model, tokenizer, Format, episodes);
        _logger.LogInformation("Game demo: {Env}, {Parameters:N0} parameters on {Device}, {Examples} SFT turns", GuessNumberEnvironment.Id, parameters, device, sftData.Count);

        // 1. Cold start on reference episodes, stopped at a partial skill so RL has room.
        int sftSteps;
        var sftOptions = new SftOptions
        {
            Steps = options.SftSteps, BatchSize = options.SftBatchSize, LearningRate = options.SftLearningRate,
            WarmupSteps = Math.Min(10, options.SftSteps / 10), Seed = options.Seed, MaxSequenceLength = episodes.MaxEpisodeTokens,
        };
        using (var sft = new SftTrainer(sftOptions, model, tokenizer, sftData, _logger)
        {
            MetricsPath = Path.Combine(output, "sft_metrics.jsonl"),
            TimeBudget = TimeSpan.FromSeconds(options.SftSecondsBudget),
            StopAfterStep = options.SftTargetWinRate is { } target ? step => step % options.SftCheckEvery == 0 && Validate(step, target) : null,
        })
        {
            sft.Train(new InlineProgress<TrainingProgress>(p => progress?.Report(new DemoProgress("sft", p.Step, p.Steps, p.Metrics))), cancellationToken);
            sftSteps = sft.Step;
        }

        bool Validate(int step, double target)
        {
            var score = Evaluate(evaluator, NewGame, ValidationSeed, options.ValidationEpisodes, "validate-sft", progress, cancellationToken);
            model.train();
            _logger.LogInformation("Cold start: step {Step}, validation win rate {Rate:P1} (target {Target:P0})", step, score.WinRate, target);
            return score.WinRate >= target;
        }

        // 2. Held-out games after SFT alone.
        var evalClock = Stopwatch.StartNew();
        var afterSft = Evaluate(evaluator, NewGame, HeldoutSeed, options.HeldoutEpisodes, "eval-sft", progress, cancellationToken);
        double evalSeconds = evalClock.Elapsed.TotalSeconds;

        // 3. Multi-turn GRPO on the games' returns, stopping in time for the last evaluation.
        double budget = options.TotalSecondsBudget - total.Elapsed.TotalSeconds - evalSeconds - 10;
        var metricsPath = Path.Combine(output, "grpo_metrics.jsonl");
        int grpoSteps = 0;
        if (options.GrpoSteps > 0 && budget > 1)
        {
            using var grpo = new GrpoTrainer(GrpoOptionsFor(options), model, tokenizer, EpisodeTasks.Single(GuessNumberEnvironment.Id, NewGame), Format, episodes, _logger)
            {
                MetricsPath = metricsPath,
                TimeBudget = TimeSpan.FromSeconds(budget),
            };
            grpo.Train(new InlineProgress<TrainingProgress>(p => progress?.Report(new DemoProgress("grpo", p.Step, p.Steps, p.Metrics))), cancellationToken);
            grpoSteps = grpo.Step;
        }

        // 4. Held-out games again, plots.
        var afterGrpo = Evaluate(evaluator, NewGame, HeldoutSeed, options.HeldoutEpisodes, "eval-grpo", progress, cancellationToken);
        var plots = File.Exists(metricsPath)
            ? MetricsPlotter.Plot(MetricsLog.Load(metricsPath), Path.Combine(output, "plots"), ["episode/return_mean", "episode/win_rate", "episode/turns_mean", "policy/entropy"], "game demo GRPO")
            : [];
        return new GameDemoReport(GuessNumberEnvironment.Id + $" (1-{options.Max}, {options.Guesses} guesses)", device.ToString(), parameters, options.HeldoutEpisodes,
            afterSft.WinRate, afterGrpo.WinRate, afterSft.MeanReturn, afterGrpo.MeanReturn, afterSft.TurnsMean, afterGrpo.TurnsMean,
            sftSteps, grpoSteps, total.Elapsed.TotalSeconds, metricsPath, plots);
    }

    private static EnvironmentScore Evaluate(EpisodeRunner runner, Func<IEnvironment> create, long seed, int count, string stage,
        IProgress<DemoProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new DemoProgress(stage, 0, 1, new Dictionary<string, double>()));
        var score = EnvironmentEvaluator.Evaluate(runner, GuessNumberEnvironment.Id, create, seed, count, cancellationToken: cancellationToken);
        progress?.Report(new DemoProgress(stage, 1, 1, new Dictionary<string, double> { ["eval/win_rate"] = score.WinRate, ["eval/return_mean"] = score.MeanReturn }));
        return score;
    }

    private static EpisodeOptions EpisodeOptionsFor(GameDemoOptions o) => new()
    {
        MaxTurns = o.Guesses,
        MaxTokensPerTurn = o.MaxTokensPerTurn,
        MaxEpisodeTokens = 512,
        Return = EpisodeReturn.Terminal,
        GenerationChunks = 1,
    };

    private static GrpoOptions GrpoOptionsFor(GameDemoOptions o) => new()
    {
        Steps = o.GrpoSteps,
        PromptsPerStep = o.PromptsPerStep,
        GroupSize = o.GroupSize,
        MaxNewTokens = o.MaxTokensPerTurn,
        LearningRate = o.GrpoLearningRate,
        WarmupSteps = 5,
        Beta = 0,
        LossAggregation = LossAggregation.Token,
        DynamicSampling = true,
        MaxSamplingRounds = 1,
        Seed = o.Seed,
        TaskSeed = GrpoTaskSeed,
        CheckpointEvery = 0,
        GenerationChunks = 1,
    };
}
