using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>
/// Supervised fine-tuning: next-token cross-entropy on the completion tokens only (the prompt is masked out), mean over
/// the batch's completion tokens. The example order is a pure function of (seed, step), so a resumed run is exact.
/// The loop around the step (budget, checkpoints, metrics, resume) is <see cref="Trainer"/>'s.
/// </summary>
public sealed class SftTrainer : Trainer
{
    private readonly SftOptions _options;
    private readonly CausalLM _model;
    private readonly ITextTokenizer _tokenizer;
    private readonly ExampleStream _examples;
    private readonly FlatAdamW _optimizer;

    public SftTrainer(SftOptions options, CausalLM model, ITextTokenizer tokenizer, IReadOnlyList<SftExample> examples, ILogger? logger = null)
        : base("sft", logger)
    {
        _options = OptionsValidation.ThrowIfInvalid(options, SftOptions.SectionName);
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
            throw new R1GymException("SFT needs at least one example.");
        _examples = new ExampleStream(examples, _tokenizer, _options.MaxSequenceLength, _options.Seed, "An SFT example", "Sft");
        _optimizer = new FlatAdamW(_model, _options.WeightDecay);
    }

    protected override int Steps => _options.Steps;
    protected override int CheckpointEvery => _options.CheckpointEvery;
    protected override object Options => _options;
    protected override int BatchSize => _options.BatchSize;
    private protected override (CausalLM, ITextTokenizer, FlatAdamW) Parts => (_model, _tokenizer, _optimizer);

    protected override void Prepare() => _model.train();

    protected override IReadOnlyDictionary<string, double> RunStep(CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var batch = _examples.BatchAt(Step, _options.BatchSize);
        int micro = _options.MicroBatchSize > 0 ? _options.MicroBatchSize : batch.Count;
        double tokens = batch.Sum(e => e.Completion.Length);
        _optimizer.ZeroGrad();
        double loss = 0;
        foreach (var chunk in batch.Chunk(micro))
            loss += Backward(chunk, tokens, _model.Device);
        double gradNorm = _optimizer.ClipGradNorm(_options.MaxGradNorm);
        double lr = Optimization.LearningRateAt(Step, _options.LearningRate, _options.WarmupSteps);
        _optimizer.Step(lr);
        return new Dictionary<string, double>
        {
            ["loss/sft"] = loss,
            ["policy/grad_norm"] = gradNorm,
            ["policy/learning_rate"] = lr,
            ["perf/trained_tokens_per_second"] = batch.Sum(e => e.Prompt.Length + e.Completion.Length) / clock.Elapsed.TotalSeconds,
            ["perf/step_seconds"] = clock.Elapsed.TotalSeconds,
        };
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _optimizer.Dispose();
    }
}
