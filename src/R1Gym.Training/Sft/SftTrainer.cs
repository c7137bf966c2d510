using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using R1Gym.Abstractions;
using R1Gym.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>One finished SFT step, for live displays.</summary>
public sealed record SftProgress(int Step, int Steps, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// Supervised fine-tuning: next-token cross-entropy on the completion tokens only (the prompt is masked out), mean over
/// the batch's completion tokens. The example order is a pure function of (seed, step), so a resumed run is exact.
/// </summary>
public sealed class SftTrainer : IDisposable
{
    private readonly SftOptions _options;
    private readonly CausalLM _model;
    private readonly ITextTokenizer _tokenizer;
    private readonly ExampleStream _examples;
    private readonly FlatAdamW _optimizer;
    private readonly ILogger _logger;
    private int _step;

    public SftTrainer(SftOptions options, CausalLM model, ITextTokenizer tokenizer, IReadOnlyList<SftExample> examples, ILogger? logger = null)
    {
        _options = OptionsValidation.ThrowIfInvalid(options, SftOptions.SectionName);
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
            throw new R1GymException("SFT needs at least one example.");
        _examples = new ExampleStream(examples, _tokenizer, _options.MaxSequenceLength, _options.Seed, "An SFT example", "Sft");
        _optimizer = new FlatAdamW(_model, _options.WeightDecay);
        _logger = logger ?? NullLogger.Instance;
    }

    public CheckpointStore? Checkpoints { get; init; }

    public string? MetricsPath { get; init; }

    public int Step => _step;

    /// <summary>Stop after the step that crosses this much training time (a run with a deadline, like the demo); null: no limit.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Called after each step with the steps completed; returning true ends training there (the demo stops its cold start at a validation accuracy). Default: null.</summary>
    public Func<int, bool>? StopAfterStep { get; init; }

    public void Resume(string checkpoint)
    {
        var state = CheckpointStore.ReadState(checkpoint);
        if (state.Trainer != "sft")
            throw new R1GymException($"Checkpoint '{checkpoint}' was written by the {state.Trainer} trainer; resume it with 'train {state.Trainer}'.");
        CheckpointStore.LoadWeights(checkpoint, _model);
        CheckpointStore.LoadOptimizer(checkpoint, _optimizer);
        _step = state.Step;
        _logger.LogInformation("Resumed SFT from {Checkpoint} at step {Step}", checkpoint, _step);
    }

    public IReadOnlyList<IReadOnlyDictionary<string, double>> Train(IProgress<SftProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var log = MetricsPath is null ? null : new MetricsLog(MetricsPath, _step > 0 ? _step : null);
        var history = new List<IReadOnlyDictionary<string, double>>();
        var device = _model.Device;
        _model.train();
        var budget = Stopwatch.StartNew();
        while (_step < _options.Steps && !(budget.Elapsed >= TimeBudget))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var batch = _examples.BatchAt(_step, _options.BatchSize);
            int micro = _options.MicroBatchSize > 0 ? _options.MicroBatchSize : batch.Count;
            double tokens = batch.Sum(e => e.Completion.Length);
            _optimizer.ZeroGrad();
            double loss = 0;
            foreach (var chunk in batch.Chunk(micro))
                loss += Backward(chunk, tokens, device);
            double gradNorm = _optimizer.ClipGradNorm(_options.MaxGradNorm);
            double lr = Optimization.LearningRateAt(_step, _options.LearningRate, _options.WarmupSteps);
            _optimizer.Step(lr);
            _step++;
            var metrics = new Dictionary<string, double>
            {
                ["loss/sft"] = loss,
                ["policy/grad_norm"] = gradNorm,
                ["policy/learning_rate"] = lr,
                ["perf/trained_tokens_per_second"] = batch.Sum(e => e.Prompt.Length + e.Completion.Length) / clock.Elapsed.TotalSeconds,
                ["perf/step_seconds"] = clock.Elapsed.TotalSeconds,
            };
            log?.Write(_step, metrics);
            history.Add(metrics);
            progress?.Report(new SftProgress(_step, _options.Steps, metrics));
            if (Checkpoints is not null && (_step == _options.Steps || _options.CheckpointEvery > 0 && _step % _options.CheckpointEvery == 0))
                SaveCheckpoint();
            if (StopAfterStep?.Invoke(_step) == true)
                break;
        }
        return history;
    }

    public string SaveCheckpoint()
    {
        var store = Checkpoints ?? throw new InvalidOperationException("No checkpoint store was given.");
        var options = JsonSerializer.SerializeToNode(_options)!.AsObject();
        return store.Save(new TrainerState("sft", _step, (long)_step * _options.BatchSize, options), _model, _tokenizer, _optimizer);
    }

    /// <summary>Masked cross-entropy of one micro-batch, scaled so the micro-batches sum to the batch's token mean.</summary>
    private double Backward((int[] Prompt, int[] Completion)[] chunk, double batchTokens, Device device)
    {
        using var scope = NewDisposeScope();
        using var data = SequenceBatch.Build(chunk.Select(e => (IReadOnlyList<int>)e.Prompt).ToList(), chunk.Select(e => (IReadOnlyList<int>)e.Completion).ToList(), _tokenizer.PadId, device);
        var logits = _model.forward(data.InputIds, data.AttentionMask);                          // [B, L, V]
        var (logProbs, _) = PolicyLoss.TokenLogProbs(logits.narrow(1, 0, data.Targets.shape[1]), data.Targets); // [B, L-1]
        var loss = -(logProbs * data.LossMask).sum() / batchTokens;                                  // scalar
        loss.backward();
        return loss.item<float>();
    }

    public void Dispose() => _optimizer.Dispose();
}
