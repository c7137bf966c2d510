using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using R1Gym.Recipes.Demo;
using R1Gym.Training.Distillation;
using R1Gym.Training.Evaluation;
using TorchSharp;
using static TorchSharp.torch;
using R1Gym.Training;

namespace R1Gym.Recipes.Pipeline;

/// <summary>Where the pipeline is, for live displays.</summary>
/// <remarks>Status: "skipped" (already complete), "running", "evaluating" or "done".</remarks>
public sealed record PipelineProgress(string Stage, string Status, int Step, int Steps, IReadOnlyDictionary<string, double> Metrics);

/// <summary>The run: every stage's record, the stages skipped because an earlier run finished them, and the report files.</summary>
public sealed record PipelineResult(string Run, IReadOnlyList<StageRecord> Stages, IReadOnlyList<string> Skipped, string ReportJson, string ReportMarkdown, string Chart);

/// <summary>
/// DeepSeek-R1's multi-stage recipe (Guo et al. 2025, §2.3): base model, cold-start SFT, reasoning RL, rejection
/// sampling, SFT on the sampled traces, final RL. Each stage writes into its own folder of the run and ends by writing
/// <c>stage.json</c>; a rerun skips finished stages and resumes the running one from its latest checkpoint.
/// </summary>
public sealed class R1Pipeline(ITaskRegistry registry, ILogger? logger = null)
{
    private readonly ITaskRegistry _registry = registry ?? throw new ArgumentNullException(nameof(registry));
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public async Task<PipelineResult> RunAsync(R1PipelineConfig config, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.ThrowIfInvalid();
        var ledger = new StageLedger(config.Output);
        Directory.CreateDirectory(ledger.Root);
        File.WriteAllText(Path.Combine(ledger.Root, "config.json"), config.ToJson());
        var run = new Run(config, _registry, _logger, progress, cancellationToken);
        var skipped = new List<string>();
        var records = new List<StageRecord>();

        async Task<StageRecord> Stage(int number, string name, Func<string, Task<StageRecord>> body)
        {
            if (ledger.Completed(number, name) is { } done)
            {
                skipped.Add(name);
                progress?.Report(new PipelineProgress(name, "skipped", 0, 0, new Dictionary<string, double>()));
                _logger.LogInformation("Stage {Stage} already complete; skipped", name);
                records.Add(done);
                return done;
            }
            var clock = Stopwatch.StartNew();
            var folder = ledger.Folder(number, name);
            Directory.CreateDirectory(folder);
            progress?.Report(new PipelineProgress(name, "running", 0, 0, new Dictionary<string, double>()));
            var record = await body(folder).ConfigureAwait(false) with { Seconds = clock.Elapsed.TotalSeconds };
            ledger.Complete(number, record);
            progress?.Report(new PipelineProgress(name, "done", 0, 0, new Dictionary<string, double>()));
            records.Add(record);
            return record;
        }

        var baseModel = await Stage(0, "base", folder => Task.FromResult(run.Base(folder)));
        run.LoadTokenizer(baseModel.Model!);
        var coldStart = await Stage(1, "cold-start-sft", folder => run.SftStage(folder, "cold-start-sft", baseModel.Model!, config.ColdStart, run.ColdStartData()));
        var reasoning = await Stage(2, "reasoning-rl", folder => run.RlStage(folder, "reasoning-rl", coldStart.Model!, config.ReasoningRl, config.ReasoningRewards));
        var sampled = await Stage(3, "rejection-sampling", folder => run.RejectionStage(folder, reasoning.Model!));
        var sftFrom = config.SftFromBase ? baseModel.Model! : reasoning.Model!;
        var sft = await Stage(4, "sft", folder => run.SftStage(folder, "sft", sftFrom, config.Sft, run.SampledData(sampled)));
        await Stage(5, "final-rl", folder => run.RlStage(folder, "final-rl", sft.Model!, config.FinalRl, config.FinalRewards));

        var (json, markdown, chart) = PipelineReport.Write(ledger.Root, config, records);
        return new PipelineResult(ledger.Root, records, skipped, json, markdown, chart);
    }

    /// <summary>The stages' work; holds the task, the tokenizer and the device for one run.</summary>
    private sealed class Run(R1PipelineConfig config, ITaskRegistry registry, ILogger logger,
        IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        private readonly Device _device = TorchBackend.Resolve(config.Device);
        private readonly IReasoningTask _task = registry.Create(config.Task, config.TaskOptions).RequireTask();
        private ITextTokenizer? _tokenizer;

        private ScalarType DType => _device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32;

        private ITextTokenizer Tokenizer => _tokenizer ?? throw new InvalidOperationException("The base stage has not run.");

        private readonly ChatTemplate _template = ChatTemplate.Named(config.PromptFormat);

        public string Render(string problem) => _template.Render(problem);

        public void LoadTokenizer(string modelDir) => _tokenizer = TextTokenizer.Load(modelDir);

        /// <summary>Stage 0: the given model folder, or a from-scratch model whose character vocabulary covers every text it will see.</summary>
        public StageRecord Base(string folder)
        {
            if (config.Model.Path is { } path)
                return new StageRecord("base", Path.GetFullPath(path), 0, null, null, null);
            var corpus = ColdStartData().SelectMany(e => new[] { e.Prompt, e.Completion })
                .Concat(EvalTasks().SelectMany(t => SampledEvaluator.ProblemsOf(t.Task, config.Eval).Select(p => Render(p.Prompt))))
                .Concat(new[] { config.ReasoningRl.TaskSeed, config.RejectionSampling.TaskSeed, config.FinalRl.TaskSeed }
                    .SelectMany(seed => Enumerable.Range(0, 200).Select(i => Render(_task.Generate(seed, i).Prompt))))
                .Append("<answer></answer>0123456789");
            var tokenizer = TextTokenizer.TrainCharLevel(corpus, [Answers.ThinkOpen, Answers.ThinkClose]);
            var m = config.Model;
            var modelConfig = new ModelConfig
            {
                VocabSize = tokenizer.VocabSize, HiddenSize = m.HiddenSize, IntermediateSize = m.HiddenSize * 3,
                NumHiddenLayers = m.Layers, NumAttentionHeads = m.Heads, NumKeyValueHeads = m.Heads,
                MaxPositionEmbeddings = m.MaxPositions, TieWordEmbeddings = true, AttentionBias = true, EosTokenId = tokenizer.EosId,
            };
            var dir = Path.Combine(folder, "model");
            using (var model = CausalLM.Create(modelConfig, _device, DType, config.Seed))
                model.Save(dir);
            tokenizer.Save(dir);
            return new StageRecord("base", dir, 0, null, null, null);
        }

        public IReadOnlyList<SftExample> ColdStartData() =>
            SftData.FromTask(_task, R1PipelineConfig.ColdStartSeed, config.ColdStartExamples, Render);

        public IReadOnlyList<SftExample> SampledData(StageRecord sampled)
        {
            var file = sampled.Details?["data"]?.GetValue<string>() ?? throw new R1GymException("The rejection-sampling stage recorded no data file; delete its folder to redo it.");
            var traces = File.ReadLines(file).Any(l => !string.IsNullOrWhiteSpace(l)) ? SftData.FromJsonl(file, Render) : [];
            var data = config.SftIncludesColdStart ? traces.Concat(ColdStartData()).ToList() : traces.ToList();
            if (data.Count == 0)
                throw new R1GymException($"Rejection sampling kept no trace ({file}) and SftIncludesColdStart is off: nothing to train on. Sample more (RejectionSampling:Prompts, :SamplesPerPrompt) or train the earlier stages longer.");
            return data;
        }

        public async Task<StageRecord> SftStage(string folder, string name, string fromModel, SftOptions options, IReadOnlyList<SftExample> data)
        {
            using var model = CausalLM.Load(fromModel, _device, DType);
            var store = new CheckpointStore(Path.Combine(folder, "checkpoints"));
            using (var trainer = new SftTrainer(options, model, Tokenizer, data, logger) { Checkpoints = store, MetricsPath = Path.Combine(folder, "metrics.jsonl") })
            {
                if (store.Latest() is { } latest)
                    trainer.Resume(latest);
                trainer.Train(new InlineProgress<TrainingProgress>(p => progress?.Report(new PipelineProgress(name, "running", p.Step, p.Steps, p.Metrics))), cancellationToken);
            }
            Plot(folder, ["loss/sft"]);
            return await Finish(folder, name, model, new JsonObject { ["examples"] = data.Count }).ConfigureAwait(false);
        }

        public async Task<StageRecord> RlStage(string folder, string name, string fromModel, GrpoOptions options, RewardOptions rewards)
        {
            using var model = CausalLM.Load(fromModel, _device, DType);
            var store = new CheckpointStore(Path.Combine(folder, "checkpoints"));
            using (var trainer = new GrpoTrainer(options, model, Tokenizer, _task, new RewardComposer(rewards), Render, logger)
            { Checkpoints = store, MetricsPath = Path.Combine(folder, "metrics.jsonl") })
            {
                if (store.Latest() is { } latest)
                    trainer.Resume(latest);
                trainer.Train(new InlineProgress<TrainingProgress>(p => progress?.Report(new PipelineProgress(name, "running", p.Step, p.Steps, p.Metrics))), cancellationToken);
            }
            Plot(folder, MetricsPlotter.DefaultMetrics);
            return await Finish(folder, name, model, null).ConfigureAwait(false);
        }

        public async Task<StageRecord> RejectionStage(string folder, string fromModel)
        {
            using var model = CausalLM.Load(fromModel, _device, DType);
            var report = await RejectionSampler.RunAsync(model, Tokenizer, fromModel, config.Task, _task, Render, config.RejectionSampling,
                Path.Combine(folder, "data.jsonl"), cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Rejection sampling kept {Kept} of {Sampled} completions ({Verified} verified)", report.Kept, report.Sampled, report.Verified);
            var details = JsonSerializer.SerializeToNode(report, EvalReport.Json)!.AsObject();
            details["data"] = report.Output;
            return new StageRecord("rejection-sampling", null, 0, null, null, details);
        }

        /// <summary>Saves the stage's model, evaluates it on the held-out problems and builds its record.</summary>
        private async Task<StageRecord> Finish(string folder, string name, CausalLM model, JsonObject? details)
        {
            var dir = Path.Combine(folder, "model");
            model.Save(dir);
            Tokenizer.Save(dir);
            progress?.Report(new PipelineProgress(name, "evaluating", 0, 0, new Dictionary<string, double>()));
            var report = await EvaluationRun.RunAsync(name, model, Tokenizer, EvalTasks(), Render, config.Eval, null, cancellationToken).ConfigureAwait(false);
            EvalReportWriter.Write(report, Path.Combine(folder, "eval"));
            logger.LogInformation("{Stage}: held-out pass@1 {PassAt1:P1}, greedy {Greedy:P1}", name, report.Overall.PassAt1, report.Overall.Greedy);
            return new StageRecord(name, dir, 0, report.Overall, report.Tasks, details);
        }

        private static void Plot(string folder, IEnumerable<string> metrics)
        {
            var file = Path.Combine(folder, "metrics.jsonl");
            if (File.Exists(file) && new FileInfo(file).Length > 0)
                MetricsPlotter.PlotFile(file, Path.Combine(folder, "plots"), metrics);
        }

        private List<(string Id, IReasoningTask Task)> EvalTasks()
        {
            if (config.EvalTasks.Count == 0)
                return [(config.Task, _task)];
            var expansion = TaskSets.Expand(config.EvalTasks, registry);
            if (expansion.Missing.Count > 0)
                logger.LogWarning("Evaluation tasks not installed and left out: {Missing}", string.Join(", ", expansion.Missing));
            return expansion.Tasks.Select(id => (id, id == config.Task ? _task : registry.Create(id).RequireTask())).ToList();
        }
    }
}
