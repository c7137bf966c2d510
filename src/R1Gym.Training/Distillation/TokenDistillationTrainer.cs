using System.Diagnostics;
using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Gym.Training.Distillation;

/// <summary>
/// Token-level distillation: on each micro-batch the frozen teacher runs once without gradient, then the student (any
/// depth or width, same tokenizer) is trained to match its next-token distributions on the completion tokens. Memory stays
/// bounded by the micro-batch: the teacher's logits (or only its top-k) live for one micro-batch.
/// </summary>
public sealed class TokenDistillationTrainer : Trainer
{
    private readonly DistillationOptions _options;
    private readonly CausalLM _student;
    private readonly CausalLM _teacher;
    private readonly ITextTokenizer _tokenizer;
    private readonly ExampleStream _examples;
    private readonly FlatAdamW _optimizer;

    public TokenDistillationTrainer(DistillationOptions options, CausalLM student, CausalLM teacher, ITextTokenizer tokenizer,
        IReadOnlyList<SftExample> examples, ILogger? logger = null)
        : base("distill", logger)
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
    }

    protected override int Steps => _options.Steps;
    protected override int CheckpointEvery => _options.CheckpointEvery;
    protected override object Options => _options;
    protected override int BatchSize => _options.BatchSize;
    private protected override (CausalLM, ITextTokenizer, FlatAdamW) Parts => (_student, _tokenizer, _optimizer);

    protected override void Prepare() => _student.train();

    protected override IReadOnlyDictionary<string, double> RunStep(CancellationToken cancellationToken)
    {
        var device = _student.parameters().First().device;
        var clock = Stopwatch.StartNew();
        var batch = _examples.BatchAt(Step, _options.BatchSize);
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
        double lr = Optimization.LearningRateAt(Step, _options.LearningRate, _options.WarmupSteps);
        _optimizer.Step(lr);
        return new Dictionary<string, double>
        {
            ["loss/kd"] = kd,
            ["loss/cross_entropy"] = ce,
            ["policy/grad_norm"] = gradNorm,
            ["policy/learning_rate"] = lr,
            ["perf/trained_tokens_per_second"] = batch.Sum(e => e.Prompt.Length + e.Completion.Length) / clock.Elapsed.TotalSeconds,
            ["perf/step_seconds"] = clock.Elapsed.TotalSeconds,
        };
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _optimizer.Dispose();
    }
}
