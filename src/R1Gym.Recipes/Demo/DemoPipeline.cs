using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using R1Gym.Abstractions;
using R1Gym.Testing;
using R1Gym.Gym;
using R1Gym.Model;
using TorchSharp;
using static TorchSharp.torch;
using R1Gym.Training;
using R1Gym.Training.Evaluation;

namespace R1Gym.Recipes.Demo;

/// <summary>Where the demo is, for live displays.</summary>
/// <param name="Stage">"sft", "validate-sft" (the cold start's early-stop check), "eval-sft", "grpo", "eval-grpo", "benchmark".</param>
public sealed record DemoProgress(string Stage, int Step, int Steps, IReadOnlyDictionary<string, double> Metrics);

/// <summary>What the demo measured. Accuracies are shares of held-out problems solved with greedy decoding.</summary>
public sealed record DemoReport
{
    public required string Task { get; init; }
    public required string Device { get; init; }
    public required long ModelParameters { get; init; }
    public required int HeldoutProblems { get; init; }
    public required double AccuracyAfterSft { get; init; }
    public required double AccuracyAfterGrpo { get; init; }
    public required double FormatAfterSft { get; init; }
    public required double FormatAfterGrpo { get; init; }
    public required int SftSteps { get; init; }
    public required int GrpoSteps { get; init; }
    public required int GrpoStepsPlanned { get; init; }
    public required double SftSeconds { get; init; }
    public required double GrpoSeconds { get; init; }
    public required double Seconds { get; init; }
    public required string MetricsPath { get; init; }
    public required IReadOnlyList<string> Plots { get; init; }
    public double? BenchmarkTrainedTokensPerSecond { get; init; }
    public string? BenchmarkShape { get; init; }

    /// <summary>The CPU kernels the run used (<see cref="R1Gym.Model.CpuKernels.Pin"/>).</summary>
    public string CpuKernels { get; init; } = "";

    /// <summary>Why a stage stopped before its planned steps (a time budget), or null when every stage ran its steps.</summary>
    public string? CutShort { get; init; }

    /// <summary>Accuracy gain of GRPO over SFT alone, in percentage points.</summary>
    public double ImprovementPoints => Math.Round((AccuracyAfterGrpo - AccuracyAfterSft) * 100, 2);

    /// <summary>The demo's bar: GRPO beats SFT alone by at least 5 points.</summary>
    public bool GrpoBeatsSftBy5Points => ImprovementPoints >= 5.0;
}

/// <summary>
/// The README's main job: from nothing to a model that reasons better after RL, in minutes on a CPU. Builds a
/// character-level tokenizer and a small Qwen2-shaped model from scratch, cold-starts it with SFT on worked solutions,
/// evaluates on held-out problems, runs GRPO on the verifier's reward, evaluates again.
/// </summary>
public sealed class DemoPipeline(ILogger<DemoPipeline>? logger = null)
{
    /// <summary>
    /// The demo's chat template, "compact": the R1 template's shape without its long system text (every prompt character
    /// costs a token for a character-level model): <c>Q: 58+67\nA: &lt;think&gt;\n</c>.
    /// </summary>
    private static readonly ChatTemplate Template = ChatTemplate.Named("compact");

    private static string RenderPrompt(string problem) => Template.Render(problem);

    private const long SftSeed = 11, GrpoTaskSeed = 12, HeldoutSeed = 13, ValidationSeed = 14;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public async Task<DemoReport> RunAsync(DemoOptions options, IProgress<DemoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        OptionsValidation.ThrowIfInvalid(options, DemoOptions.SectionName);
        var total = Stopwatch.StartNew();
        // Before the first tensor operation: libtorch and MKL read their kernel choice once, from the environment.
        string kernels = CpuKernels.Pin(options.CpuKernels);
        var device = TorchBackend.Resolve(options.Device);
        if (device.type == DeviceType.CPU)
            set_num_threads(options.CpuThreads);
        manual_seed(options.Seed);
        var output = Path.GetFullPath(options.OutputDirectory);
        Directory.CreateDirectory(output);

        using var registry = TaskRegistry.FromPlugins(new DemoTasksPlugin());
        var task = registry.Create(AdditionTask.Id, new() { ["digits"] = options.Digits }).RequireTask();

        // Data: worked solutions for the cold start, then a held-out set that shares no prompt with any training stream.
        var sftData = SftData.FromTask(task, SftSeed, options.SftExamples, RenderPrompt);
        var validation = options.SftTargetAccuracy is null ? [] : ValidationProblems(task, options);
        var heldout = HeldoutProblems(task, options, validation);
        var tokenizer = TextTokenizer.TrainCharLevel(
            sftData.SelectMany(e => new[] { e.Prompt, e.Completion }).Append("0123456789+=\n: QA"),
            [Answers.ThinkOpen, Answers.ThinkClose]);
        var config = TinyModel.Config(tokenizer, options.HiddenSize, options.Layers, options.Heads);
        using var model = CausalLM.Create(config, device, device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32, options.Seed);
        long parameters = model.parameters().Sum(p => p.numel());
        _logger.LogInformation("Demo: {Task}, {Parameters:N0} parameters on {Device}, {Held} held-out problems", AdditionTask.Id, parameters, device, heldout.Count);

        // 1. Cold-start SFT, deliberately short.
        var sftClock = Stopwatch.StartNew();
        var sftOptions = new SftOptions
        {
            Steps = options.SftSteps, BatchSize = options.SftBatchSize, LearningRate = options.SftLearningRate,
            WarmupSteps = Math.Min(10, options.SftSteps / 10), Seed = options.Seed,
        };
        int sftSteps;
        bool sftReachedTarget = false;
        using (var sft = new SftTrainer(sftOptions, model, tokenizer, sftData, _logger)
        {
            MetricsPath = Path.Combine(output, "sft_metrics.jsonl"),
            TimeBudget = options.SftSecondsBudget is { } sftBudget ? TimeSpan.FromSeconds(sftBudget) : null,
            StopAfterStep = options.SftTargetAccuracy is { } target ? step => ReachedTarget(step, target) : null,
        })
        {
            sft.Train(new InlineProgress<TrainingProgress>(p => progress?.Report(new DemoProgress("sft", p.Step, p.Steps, p.Metrics))), cancellationToken);
            sftSteps = sft.Step;
        }
        double sftSeconds = sftClock.Elapsed.TotalSeconds;

        bool ReachedTarget(int step, double target)
        {
            if (step % options.SftCheckEvery != 0)
                return false;
            var result = Evaluate(model, tokenizer, task, validation, options, "validate-sft", progress, cancellationToken).GetAwaiter().GetResult();
            model.train();
            _logger.LogInformation("Cold start: step {Step}, validation accuracy {Accuracy:P1} (target {Target:P0})", step, result.Accuracy, target);
            return sftReachedTarget = result.Accuracy >= target;
        }

        // 2. Evaluate SFT alone.
        var evalClock = Stopwatch.StartNew();
        var afterSft = await Evaluate(model, tokenizer, task, heldout, options, "eval-sft", progress, cancellationToken);

        double evalSeconds = evalClock.Elapsed.TotalSeconds;

        // 3. GRPO on the composite reward (accuracy + format), stopping in time for the last evaluation.
        var grpoClock = Stopwatch.StartNew();
        double? grpoBudget = options.TotalSecondsBudget is { } deadline
            ? Math.Min(options.GrpoSecondsBudget ?? double.MaxValue, deadline - total.Elapsed.TotalSeconds - 2 * evalSeconds - 15)
            : options.GrpoSecondsBudget;
        var grpoOptions = GrpoOptionsFor(options);
        var rewards = new RewardComposer(new RewardOptions { AccuracyWeight = 1.0, FormatWeight = 0.2 });
        var metricsPath = Path.Combine(output, "grpo_metrics.jsonl");
        int grpoSteps = 0;
        if (options.GrpoSteps > 0)
        {
            using var grpo = new GrpoTrainer(grpoOptions, model, tokenizer, task, rewards, RenderPrompt, _logger)
            {
                MetricsPath = metricsPath,
                TimeBudget = grpoBudget is { } b ? TimeSpan.FromSeconds(Math.Max(1, b)) : null,
            };
            grpo.Train(new InlineProgress<TrainingProgress>(p => progress?.Report(new DemoProgress("grpo", p.Step, p.Steps, p.Metrics))), cancellationToken);
            grpoSteps = grpo.Step;
        }
        double grpoSeconds = grpoClock.Elapsed.TotalSeconds;
        string? cutShort = CutShortReason(options, sftSteps, sftReachedTarget, grpoSteps);
        if (cutShort is not null)
            _logger.LogWarning("Demo cut short: {Reason}; its figures depend on this machine's speed", cutShort);

        // 4. Evaluate again, plot, save.
        var afterGrpo = await Evaluate(model, tokenizer, task, heldout, options, "eval-grpo", progress, cancellationToken);
        var plots = File.Exists(metricsPath)
            ? MetricsPlotter.Plot(MetricsLog.Load(metricsPath), Path.Combine(output, "plots"), ["reward/total", "reward/accuracy", "completion/length_mean", "policy/entropy"], "demo GRPO")
            : [];
        var sftMetrics = Path.Combine(output, "sft_metrics.jsonl");
        if (File.Exists(sftMetrics))
            plots = [.. MetricsPlotter.Plot(MetricsLog.Load(sftMetrics), Path.Combine(output, "plots"), ["loss/sft"], "demo SFT"), .. plots];
        model.Save(Path.Combine(output, "model"));
        tokenizer.Save(Path.Combine(output, "model"));

        double? benchmark = null;
        if (options.BenchmarkShape is { } shape)
        {
            progress?.Report(new DemoProgress("benchmark", 0, 1, new Dictionary<string, double>()));
            benchmark = TrainingBenchmark.TrainedTokensPerSecond(ModelConfig.Preset(shape), device, options.BenchmarkBatch, options.BenchmarkSequence, _logger);
        }

        return new DemoReport
        {
            Task = AdditionTask.Id + $" ({options.Digits} digits)",
            Device = device.ToString(),
            ModelParameters = parameters,
            HeldoutProblems = heldout.Count,
            AccuracyAfterSft = afterSft.Accuracy,
            AccuracyAfterGrpo = afterGrpo.Accuracy,
            FormatAfterSft = afterSft.FormatRate,
            FormatAfterGrpo = afterGrpo.FormatRate,
            SftSteps = sftSteps,
            GrpoSteps = grpoSteps,
            GrpoStepsPlanned = options.GrpoSteps,
            SftSeconds = sftSeconds,
            GrpoSeconds = grpoSeconds,
            Seconds = total.Elapsed.TotalSeconds,
            MetricsPath = metricsPath,
            Plots = plots,
            BenchmarkTrainedTokensPerSecond = benchmark,
            BenchmarkShape = options.BenchmarkShape,
            CpuKernels = kernels,
            CutShort = cutShort,
        };
    }

    /// <summary>Which time budget stopped a stage before its planned steps (or its SFT target), if any.</summary>
    private static string? CutShortReason(DemoOptions o, int sftSteps, bool sftReachedTarget, int grpoSteps)
    {
        var reasons = new List<string>();
        if (sftSteps < o.SftSteps && !sftReachedTarget)
            reasons.Add($"SFT stopped by Demo:SftSecondsBudget after {sftSteps} of {o.SftSteps} steps, before its target accuracy");
        if (grpoSteps < o.GrpoSteps)
            reasons.Add($"GRPO stopped by the time budget after {grpoSteps} of {o.GrpoSteps} steps");
        return reasons.Count == 0 ? null : string.Join("; ", reasons);
    }

    private static GrpoOptions GrpoOptionsFor(DemoOptions o) => new()
    {
        Steps = o.GrpoSteps,
        PromptsPerStep = o.PromptsPerStep,
        GroupSize = o.GroupSize,
        MaxNewTokens = o.MaxNewTokens,
        LearningRate = o.GrpoLearningRate,
        WarmupSteps = 5,
        Beta = 0,
        ScaleRewardsByStd = true,
        LossAggregation = LossAggregation.Token,
        DynamicSampling = true,
        MaxSamplingRounds = o.SamplingRounds,
        Seed = o.Seed,
        TaskSeed = GrpoTaskSeed,
        CheckpointEvery = 0,
        GenerationChunks = 1,
    };

    /// <summary>The cold start's early-stop problems: distinct, and none is an SFT example.</summary>
    private static List<Problem> ValidationProblems(IReasoningTask task, DemoOptions o)
    {
        var sft = Enumerable.Range(0, o.SftExamples).Select(i => task.Generate(SftSeed, i).Prompt).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, o.ValidationProblems * 100).Select(i => task.Generate(ValidationSeed, i))
            .Where(p => sft.Add(p.Prompt)).Take(o.ValidationProblems).ToList();
    }

    /// <summary>Problems of the held-out stream, skipping any whose prompt appears in the SFT set, the GRPO prompt stream or the validation set.</summary>
    private static List<Problem> HeldoutProblems(IReasoningTask task, DemoOptions o, IEnumerable<Problem> validation)
    {
        var seen = validation.Select(p => p.Prompt).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < o.SftExamples; i++)
            seen.Add(task.Generate(SftSeed, i).Prompt);
        // Dynamic sampling may consume up to SamplingRounds batches of prompts per step.
        for (int i = 0; i < o.GrpoSteps * o.PromptsPerStep * o.SamplingRounds; i++)
            seen.Add(task.Generate(GrpoTaskSeed, i).Prompt);
        var heldout = new List<Problem>(o.HeldoutProblems);
        for (int i = 0; heldout.Count < o.HeldoutProblems && i < o.HeldoutProblems * 100; i++)
        {
            var problem = task.Generate(HeldoutSeed, i);
            if (seen.Add(problem.Prompt))
                heldout.Add(problem);
        }
        if (heldout.Count < o.HeldoutProblems)
            throw new R1GymException($"Only {heldout.Count} distinct held-out problems exist for {o.Digits}-digit sums beside the training prompts; lower Demo:HeldoutProblems or raise Demo:Digits.");
        return heldout;
    }

    private static async Task<HeldoutScore> Evaluate(CausalLM model, ITextTokenizer tokenizer, IReasoningTask task, List<Problem> heldout, DemoOptions o,
        string stage, IProgress<DemoProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new DemoProgress(stage, 0, 1, new Dictionary<string, double>()));
        var greedy = new SamplingOptions { Temperature = 0f, MaxNewTokens = o.MaxNewTokens, Seed = o.Seed };
        var result = await Rollouts.ScoreAsync(model, tokenizer, task, heldout, RenderPrompt, greedy, batchSize: 128, cancellationToken);
        string prefix = stage == "validate-sft" ? "validation" : "eval";
        progress?.Report(new DemoProgress(stage, 1, 1, new Dictionary<string, double> { [$"{prefix}/accuracy"] = result.Accuracy, [$"{prefix}/format"] = result.FormatRate }));
        return result;
    }
}
