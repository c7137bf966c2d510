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
    private readonly List<(int[] Prompt, int[] Completion)> _examples;
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
        _examples = examples.Select(Tokenize).ToList();
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
            var batch = BatchAt(_step);
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

    /// <summary>The examples of step <paramref name="step"/>: epochs are shuffled with a seed derived from (seed, epoch).</summary>
    private List<(int[] Prompt, int[] Completion)> BatchAt(int step)
    {
        var batch = new List<(int[], int[])>(_options.BatchSize);
        long first = (long)step * _options.BatchSize;
        for (long k = first; k < first + _options.BatchSize; k++)
        {
            long epoch = k / _examples.Count;
            batch.Add(_examples[Permutation(epoch)[(int)(k % _examples.Count)]]);
        }
        return batch;
    }

    private long _permutationEpoch = -1;
    private int[] _permutation = [];

    private int[] Permutation(long epoch)
    {
        if (epoch == _permutationEpoch)
            return _permutation;
        _permutation = Enumerable.Range(0, _examples.Count).ToArray();
        new Random(DeterministicSeed.Combine(_options.Seed, epoch)).Shuffle(_permutation);
        _permutationEpoch = epoch;
        return _permutation;
    }

    private (int[] Prompt, int[] Completion) Tokenize(SftExample example)
    {
        var prompt = _tokenizer.Encode(example.Prompt).ToArray();
        var completion = _tokenizer.Encode(example.Completion).Append(_tokenizer.EosId).ToArray();
        if (prompt.Length == 0)
            throw new R1GymException("An SFT example has an empty prompt; every completion must follow at least one prompt token.");
        int room = _options.MaxSequenceLength - prompt.Length;
        if (room < 1)
            throw new R1GymException($"An SFT prompt has {prompt.Length} tokens, more than MaxSequenceLength ({_options.MaxSequenceLength}); raise Sft:MaxSequenceLength.");
        return (prompt, completion.Length <= room ? completion : completion[..room]);
    }

    public void Dispose() => _optimizer.Dispose();
}
