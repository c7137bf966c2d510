using System.Diagnostics;
using Microsoft.Extensions.Logging;
using R1Gym.Abstractions;
using R1Gym.Testing;
using R1Gym.Gym;
using R1Gym.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>
/// GRPO (Shao et al. 2024) on a task's rule-based rewards, the R1-Zero recipe, with the DAPO and Dr. GRPO options, on
/// episodes: a single-turn task's prompt is a one-turn episode, an environment's game a multi-turn one (observations and
/// tool results are context with loss mask 0). Each step reads top to bottom: play G episodes per start, reward them, compute group-relative
/// advantages, take the clipped policy-gradient loss, step the optimiser, log. Every tensor block runs in a dispose scope.
/// </summary>
public sealed class GrpoTrainer : Trainer
{
    private readonly GrpoOptions _options;
    private readonly CausalLM _policy;
    private readonly ITextTokenizer _tokenizer;
    private readonly GrpoEpisodes _rollout;
    private readonly FlatAdamW _optimizer;
    private CausalLM? _reference;
    private long _cursor;

    /// <summary>GRPO on a single-turn task: each prompt is a one-turn episode.</summary>
    /// <param name="renderPrompt">Turns a problem's text into the model's prompt (the chat template).</param>
    public GrpoTrainer(GrpoOptions options, CausalLM policy, ITextTokenizer tokenizer, IReasoningTask task, RewardComposer rewards,
        Func<string, string> renderPrompt, ILogger? logger = null)
        : this(options, policy, tokenizer, EpisodeTasks.SingleTurn(task ?? throw new ArgumentNullException(nameof(task))),
            ConversationFormat.FromPromptRenderer(renderPrompt ?? throw new ArgumentNullException(nameof(renderPrompt))),
            GrpoEpisodes.SingleTurn(options ?? throw new ArgumentNullException(nameof(options)), policy ?? throw new ArgumentNullException(nameof(policy))),
            logger, rewards ?? throw new ArgumentNullException(nameof(rewards)))
    {
    }

    /// <summary>
    /// GRPO on episodes of tasks and environments (multi-turn, with tools): each step plays G episodes from each of
    /// <see cref="GrpoOptions.PromptsPerStep"/> starts and compares them by their return.
    /// </summary>
    /// <param name="format">Renders the first observation and each later one (environment or tool message) with the chat template.</param>
    /// <param name="rewards">Shapes the reward of verifier-judged steps (single-turn tasks); null: the environments' rewards.</param>
    /// <param name="tools">The tools of "with tools" episodes; null: none.</param>
    public GrpoTrainer(GrpoOptions options, CausalLM policy, ITextTokenizer tokenizer, EpisodeTasks tasks, ConversationFormat format, EpisodeOptions episodes,
        ILogger? logger = null, RewardComposer? rewards = null, ToolBox? tools = null)
        : base("grpo", logger)
    {
        _options = OptionsValidation.ThrowIfInvalid(options, GrpoOptions.SectionName);
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(episodes);
        _rollout = new GrpoEpisodes(_options, policy, tokenizer, tasks, format, episodes, tools, rewards);
        _optimizer = new FlatAdamW(_policy, _options.WeightDecay);
    }

    protected override int Steps => _options.Steps;
    protected override int CheckpointEvery => _options.CheckpointEvery;
    protected override object Options => _options;
    protected override long Cursor => _cursor;
    private protected override (CausalLM, ITextTokenizer, FlatAdamW) Parts => (_policy, _tokenizer, _optimizer);

    /// <summary>
    /// With β &gt; 0 the KL reference is the model the run started from: frozen here, before training or before a
    /// checkpoint's weights load (so construct a resumed trainer over the run's starting model).
    /// </summary>
    protected override void Prepare()
    {
        if (_options.Beta > 0 && _reference is null)
            _reference = FrozenCopy(_policy);
    }

    protected override void Restore(TrainerState state) => _cursor = state.Cursor;

    /// <summary>One GRPO step: sample, verify and reward, group advantages, clipped policy-gradient loss, optimiser step, metrics.</summary>
    protected override IReadOnlyDictionary<string, double> RunStep(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var timing = new GrpoPhaseTimes();

        // 1-2. GrpoSample G completions per prompt and verify them (dynamic sampling refills the batch with informative groups).
        var (kept, sampled) = SampleGroups(timing, cancellationToken);

        // 3. Advantages were computed per group at sampling time; flatten the kept groups into training samples.
        var samples = kept.SelectMany(g => g.Samples(_options.OverlongFiltering)).ToList();

        // 4-5. Loss and optimiser step.
        var train = Stopwatch.StartNew();
        var stats = samples.Count > 0 ? Optimize(samples) : new GrpoTrainStats();
        timing.Train = train.Elapsed.TotalSeconds;

        // 6. Log.
        return StepMetrics(sampled, kept, samples, stats, timing, clock.Elapsed.TotalSeconds);
    }

    private (List<GrpoGroup> Kept, List<GrpoGroup> Sampled) SampleGroups(GrpoPhaseTimes timing, CancellationToken cancellationToken)
    {
        var kept = new List<GrpoGroup>();
        var sampled = new List<GrpoGroup>();
        int rounds = _options.DynamicSampling ? _options.MaxSamplingRounds : 1;
        for (int round = 0; round < rounds; round++)
        {
            // Every task is played as episodes: a single-turn prompt is an episode of one turn.
            int seed = DeterministicSeed.Combine(_options.Seed, (long)Step * 1024 + round);
            var groups = _rollout.Rollout(_cursor, seed, Sampling(seed), timing, cancellationToken);
            _cursor += _options.PromptsPerStep;
            sampled.AddRange(groups);
            if (!_options.DynamicSampling)
            {
                kept.AddRange(groups);
                break;
            }
            if (DynamicSampling.Refill(kept, groups, groups.Select(g => g.Informative).ToList(), _options.PromptsPerStep))
                break;
        }
        return (kept, sampled);
    }

    private GrpoTrainStats Optimize(List<GrpoSample> samples)
    {
        int micro = _options.MicroBatchSize > 0 ? _options.MicroBatchSize : samples.Count;
        var device = _policy.Device;
        var batches = samples.Chunk(micro).Select(chunk => GrpoMicroBatch.Create(chunk, _tokenizer.PadId, device)).ToList();
        double totalTokens = batches.Sum(b => b.Tokens);
        var stats = new GrpoTrainStats();
        try
        {
            // The sampling policy's log-probs: needed for the ratio when several passes move the policy away from it.
            if (_options.OptimizationPasses > 1)
                foreach (var batch in batches)
                    batch.OldLogProbs = FrozenLogProbs(_policy, batch);
            if (_reference is not null)
                foreach (var batch in batches)
                    batch.ReferenceLogProbs = FrozenLogProbs(_reference, batch);
            for (int pass = 0; pass < _options.OptimizationPasses; pass++)
            {
                _optimizer.ZeroGrad();
                foreach (var batch in batches)
                    stats.Add(Backward(batch, samples.Count, totalTokens, measure: pass == 0));
                stats.GradNorm = _optimizer.ClipGradNorm(_options.MaxGradNorm);
                stats.LearningRate = Optimization.LearningRateAt(Step, _options.LearningRate, _options.WarmupSteps);
                _optimizer.Step(stats.LearningRate);
            }
        }
        finally
        {
            foreach (var batch in batches)
                batch.Dispose();
        }
        stats.Tokens = totalTokens;
        return stats;
    }

    private GrpoTrainStats Backward(GrpoMicroBatch batch, long totalSequences, double totalTokens, bool measure)
    {
        using var scope = NewDisposeScope();
        var data = batch.Data;
        var logits = _policy.forward(data.InputIds, data.AttentionMask);                         // [B, L, V]
        long length = data.Targets.shape[1];
        var (logProbs, entropy) = PolicyLoss.TokenLogProbs(logits.narrow(1, 0, length), data.Targets, _options.Temperature, measure); // [B, L-1]
        var old = batch.OldLogProbs ?? logProbs.detach();                                        // [B, L-1]
        var (perToken, clipped) = PolicyLoss.ClippedSurrogate(logProbs, old, batch.Advantages, _options.ClipLow, _options.ClipHigh);
        Tensor? kl = null;
        if (batch.ReferenceLogProbs is not null)
        {
            kl = PolicyLoss.KlK3(logProbs, batch.ReferenceLogProbs);                              // [B, L-1]
            perToken = perToken + _options.Beta * kl;
        }
        var loss = PolicyLoss.Aggregate(perToken, batch.Mask, _options.LossAggregation, totalSequences, totalTokens, _options.MaxNewTokens);
        loss.backward();
        if (!measure)
            return new GrpoTrainStats();
        using var _ = no_grad();
        return new GrpoTrainStats
        {
            Loss = loss.item<float>(),
            ClippedTokens = (clipped * batch.Mask).sum().item<float>(),
            EntropySum = entropy is null ? 0 : (entropy * batch.Mask).sum().item<float>(),
            KlSum = kl is null ? 0 : (kl * batch.Mask).sum().item<float>(),
        };
    }

    private Tensor FrozenLogProbs(CausalLM model, GrpoMicroBatch batch)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var logits = model.forward(batch.Data.InputIds, batch.Data.AttentionMask);               // [B, L, V]
        var (logProbs, _) = PolicyLoss.TokenLogProbs(logits.narrow(1, 0, batch.Data.Targets.shape[1]), batch.Data.Targets, _options.Temperature);
        return logProbs.detach().MoveToOuterDisposeScope();                                      // [B, L-1]
    }

    private Dictionary<string, double> StepMetrics(List<GrpoGroup> sampled, List<GrpoGroup> kept, List<GrpoSample> samples, GrpoTrainStats stats, GrpoPhaseTimes timing, double seconds)
    {
        var rewards = sampled.SelectMany(g => g.Rewards).ToList();
        var lengths = sampled.SelectMany(g => g.Completions.Select(c => (double)c.Length)).ToList();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in rewards[0].ToMetrics().Keys)
            metrics[name] = rewards.Average(r => r.ToMetrics()[name]);
        metrics["reward/std_within_group"] = sampled.Average(g => StdDev(g.Rewards.Select(r => r.Total)));
        metrics["completion/length_mean"] = lengths.Average();
        metrics["completion/length_max"] = lengths.Max();
        metrics["completion/truncated_ratio"] = sampled.SelectMany(g => g.Finishes).Average(f => f == "length" ? 1.0 : 0.0);
        metrics["batch/groups_sampled"] = sampled.Count;
        metrics["batch/groups_kept"] = kept.Count;
        metrics["batch/solve_all_ratio"] = sampled.Average(g => g.Rewards.All(r => r.Accuracy >= 1) ? 1.0 : 0.0);
        metrics["batch/solve_none_ratio"] = sampled.Average(g => g.Rewards.All(r => r.Accuracy <= 0) ? 1.0 : 0.0);
        metrics["loss/policy"] = stats.Loss;
        if (stats.Tokens > 0)
        {
            metrics["policy/entropy"] = stats.EntropySum / stats.Tokens;
            metrics["policy/clip_fraction"] = stats.ClippedTokens / stats.Tokens;
            if (_reference is not null)
                metrics["kl/reference"] = stats.KlSum / stats.Tokens;
        }
        metrics["policy/grad_norm"] = stats.GradNorm;
        metrics["policy/learning_rate"] = stats.LearningRate;
        metrics["perf/step_seconds"] = seconds;
        metrics["perf/generated_tokens_per_second"] = lengths.Sum() / Math.Max(timing.Generate, 1e-9);
        metrics["perf/trained_tokens_per_second"] = stats.Tokens * _options.OptimizationPasses / Math.Max(timing.Train, 1e-9);
        metrics["perf/tokens_per_second"] = (lengths.Sum() + stats.Tokens) / Math.Max(seconds, 1e-9);
        metrics["perf/generate_share"] = timing.Generate / seconds;
        metrics["perf/verify_share"] = timing.Verify / seconds;
        metrics["perf/verify_wait_share"] = timing.VerifyWait / seconds;
        metrics["perf/train_share"] = timing.Train / seconds;
        metrics["perf/samples"] = samples.Count;
        foreach (var (name, value) in _rollout.Metrics(sampled))
            metrics[name] = value;
        return metrics;
    }

    private SamplingOptions Sampling(long seed) => new()
    {
        Temperature = (float)_options.Temperature,
        TopP = (float)_options.TopP,
        MaxNewTokens = _options.MaxNewTokens,
        Seed = seed,
    };

    private static CausalLM FrozenCopy(CausalLM policy)
    {
        var reference = CausalLM.Create(policy.Config, policy.Device, policy.DType, seed: 0);
        CheckpointStore.CopyWeights(policy, reference);
        foreach (var parameter in reference.parameters())
            parameter.requires_grad = false;
        reference.eval();
        return reference;
    }

    private static double StdDev(IEnumerable<double> values)
    {
        var list = values.ToList();
        double mean = list.Average();
        return Math.Sqrt(list.Average(v => (v - mean) * (v - mean)));
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
            return;
        _optimizer.Dispose();
        _reference?.Dispose();
    }
}
