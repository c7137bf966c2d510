using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using R1Gym.Abstractions;
using R1Gym.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Gym.Training.Distillation;

/// <summary>One finished distillation step, for live displays.</summary>
public sealed record DistillationProgress(int Step, int Steps, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// Token-level distillation: on each micro-batch the frozen teacher runs once without gradient, then the student (any
/// depth or width, same tokenizer) is trained to match its next-token distributions on the completion tokens. Memory stays
/// bounded by the micro-batch: the teacher's logits (or only its top-k) live for one micro-batch.
/// </summary>
public sealed class TokenDistillationTrainer : IDisposable
{
    private readonly DistillationOptions _options;
    private readonly CausalLM _student;
    private readonly CausalLM _teacher;
    private readonly ITextTokenizer _tokenizer;
    private readonly ExampleStream _examples;
    private readonly FlatAdamW _optimizer;
    private readonly ILogger _logger;
    private int _step;

    public TokenDistillationTrainer(DistillationOptions options, CausalLM student, CausalLM teacher, ITextTokenizer tokenizer,
        IReadOnlyList<SftExample> examples, ILogger? logger = null)
    {
        _options = OptionsValidation.ThrowIfInvalid(options, DistillationOptions.SectionName);
        _student = student ?? throw new ArgumentNullException(nameof(student));
        _teacher = teacher ?? throw new ArgumentNullException(nameof(teacher));
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        ArgumentNullException.ThrowIfNull(examples);
        if (ReferenceEquals(student, teacher))
            throw new R1GymException("The student and the teacher are the same model object; load the teacher separately.");
        if (student.Config.VocabSize != teacher.Config.VocabSize)
            throw new R1GymException($"Token-level distillation needs a shared tokenizer: the student's vocabulary has {student.Config.VocabSize} tokens, the teacher's {teacher.Config.VocabSize}. Use sequence-level distillation (SFT on the teacher's traces) instead.");
        if (examples.Count == 0)
            throw new R1GymException("Distillation needs at least one (prompt, completion) example.");
        _examples = new ExampleStream(examples, _tokenizer, _options.MaxSequenceLength, _options.Seed, "A distillation example", "Distill");
        foreach (var p in _teacher.parameters())
            p.requires_grad = false;
        _teacher.eval();
        _optimizer = new FlatAdamW(_student, _options.WeightDecay);
        _logger = logger ?? NullLogger.Instance;
    }

    public string? MetricsPath { get; init; }

    /// <summary>Where checkpoints go (every <see cref="DistillationOptions.CheckpointEvery"/> steps and at the end); null: none.</summary>
    public CheckpointStore? Checkpoints { get; init; }

    public int Step => _step;

    /// <summary>Continues exactly from a checkpoint of this trainer: the student's weights, the optimiser and the step (the data order is a function of the step).</summary>
    public void Resume(string checkpoint)
    {
        var state = CheckpointStore.ReadState(checkpoint);
        if (state.Trainer != "distill")
            throw new R1GymException($"Checkpoint '{checkpoint}' was written by the {state.Trainer} trainer, not by token-level distillation.");
        CheckpointStore.LoadWeights(checkpoint, _student);
        CheckpointStore.LoadOptimizer(checkpoint, _optimizer);
        _step = state.Step;
        _logger.LogInformation("Resumed distillation from {Checkpoint} at step {Step}", checkpoint, _step);
    }

    public string SaveCheckpoint()
    {
        var store = Checkpoints ?? throw new InvalidOperationException("No checkpoint store was given.");
        var options = JsonSerializer.SerializeToNode(_options)!.AsObject();
        return store.Save(new TrainerState("distill", _step, (long)_step * _options.BatchSize, options), _student, _tokenizer, _optimizer);
    }

    public IReadOnlyList<IReadOnlyDictionary<string, double>> Train(IProgress<DistillationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var log = MetricsPath is null ? null : new MetricsLog(MetricsPath, _step > 0 ? _step : null);
        var history = new List<IReadOnlyDictionary<string, double>>();
        var device = _student.parameters().First().device;
        _student.train();
        while (_step < _options.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var batch = _examples.BatchAt(_step, _options.BatchSize);
            int micro = _options.MicroBatchSize > 0 ? _options.MicroBatchSize : batch.Count;
            double tokens = batch.Sum(e => e.Completion.Length);
            _optimizer.ZeroGrad();
            double kd = 0, ce = 0;
            foreach (var chunk in batch.Chunk(micro))
            {
                var (k, c) = Backward(chunk, tokens, device);
                kd += k;
                ce += c;
            }
            double gradNorm = _optimizer.ClipGradNorm(_options.MaxGradNorm);
            double lr = Optimization.LearningRateAt(_step, _options.LearningRate, _options.WarmupSteps);
            _optimizer.Step(lr);
            _step++;
            var metrics = new Dictionary<string, double>
            {
                ["loss/kd"] = kd,
                ["loss/cross_entropy"] = ce,
                ["policy/grad_norm"] = gradNorm,
                ["policy/learning_rate"] = lr,
                ["perf/trained_tokens_per_second"] = batch.Sum(e => e.Prompt.Length + e.Completion.Length) / clock.Elapsed.TotalSeconds,
                ["perf/step_seconds"] = clock.Elapsed.TotalSeconds,
            };
            log?.Write(_step, metrics);
            history.Add(metrics);
            progress?.Report(new DistillationProgress(_step, _options.Steps, metrics));
            if (Checkpoints is not null && (_step == _options.Steps || _options.CheckpointEvery > 0 && _step % _options.CheckpointEvery == 0))
                SaveCheckpoint();
        }
        _logger.LogInformation("Distillation finished at step {Step}", _step);
        return history;
    }

    /// <summary>Teacher once without gradient, then the student's loss on the same micro-batch, scaled to the batch's token mean.</summary>
    private (double Kd, double CrossEntropy) Backward((int[] Prompt, int[] Completion)[] chunk, double batchTokens, Device device)
    {
        using var scope = NewDisposeScope();
        using var data = SequenceBatch.Build(chunk.Select(e => (IReadOnlyList<int>)e.Prompt).ToList(), chunk.Select(e => (IReadOnlyList<int>)e.Completion).ToList(), _tokenizer.PadId, device);
        long length = data.Targets.shape[1];
        Tensor teacherLogits, teacherIndices;
        using (no_grad())
        {
            var full = _teacher.forward(data.InputIds, data.AttentionMask).narrow(1, 0, length);   // [B, L-1, V]
            (teacherLogits, teacherIndices) = _options.TopK > 0 ? DistillationLoss.TopK(full, _options.TopK) : (full, full);
            if (_options.TopK > 0)
                full.Dispose();                                                                      // keep only [B, L-1, K]
        }
        var studentLogits = _student.forward(data.InputIds, data.AttentionMask).narrow(1, 0, length); // [B, L-1, V]
        var perToken = _options.TopK > 0
            ? DistillationLoss.PerTokenTopK(studentLogits, teacherLogits, teacherIndices, _options.Divergence, _options.Temperature)
            : DistillationLoss.PerToken(studentLogits, teacherLogits, _options.Divergence, _options.Temperature); // [B, L-1]
        var kd = DistillationLoss.MaskedSum(perToken, data.LossMask, batchTokens);                  // scalar
        var (logProbs, _) = PolicyLoss.TokenLogProbs(studentLogits, data.Targets);                  // [B, L-1]
        var ce = -(logProbs * data.LossMask).sum() / batchTokens;                                   // scalar
        var loss = _options.KdWeight * kd + _options.CrossEntropyWeight * ce;
        loss.backward();
        return (kd.item<float>(), ce.item<float>());
    }

    public void Dispose() => _optimizer.Dispose();
}
