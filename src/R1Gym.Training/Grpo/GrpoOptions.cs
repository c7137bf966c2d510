using System.ComponentModel.DataAnnotations;

namespace R1Gym.Training;

/// <summary>
/// Knobs of the GRPO trainer (bound from the <c>Grpo</c> section or a JSON config). Defaults follow TRL's GRPOTrainer
/// where the papers leave a choice; each knob names the paper it comes from. The soft overlong penalty of DAPO is a
/// reward (<c>Rewards:MaxLength</c>, <c>Rewards:OverlongBuffer</c>, counted in tokens by this trainer).
/// </summary>
public sealed class GrpoOptions : IValidatableObject
{
    public const string SectionName = "Grpo";

    /// <summary>Optimiser steps to run. Default: 100.</summary>
    [Range(1, 10_000_000)]
    public int Steps { get; set; } = 100;

    /// <summary>Prompts per step (groups in the batch). Default: 16.</summary>
    [Range(1, 100_000)]
    public int PromptsPerStep { get; set; } = 16;

    /// <summary>G, completions sampled per prompt (DeepSeekMath used 64; TRL defaults to 8). Default: 8.</summary>
    [Range(2, 1024)]
    public int GroupSize { get; set; } = 8;

    /// <summary>Generation budget in tokens; also Dr. GRPO's constant normaliser. Default: 256.</summary>
    [Range(1, 1_000_000)]
    public int MaxNewTokens { get; set; } = 256;

    /// <summary>Sampling temperature of the rollouts (the log-probs are taken at the same temperature). Default: 1.0.</summary>
    [Range(0.01, 10.0)]
    public double Temperature { get; set; } = 1.0;

    /// <summary>Nucleus sampling of the rollouts; 1 samples the full distribution. Default: 1.0.</summary>
    [Range(0.01, 1.0)]
    public double TopP { get; set; } = 1.0;

    /// <summary>AdamW learning rate after warm-up (TRL: 1e-6 for billion-parameter models; tiny models want more). Default: 1e-6.</summary>
    [Range(0.0, 1.0)]
    public double LearningRate { get; set; } = 1e-6;

    /// <summary>Steps of linear learning-rate warm-up from 0. Default: 0.</summary>
    [Range(0, 10_000_000)]
    public int WarmupSteps { get; set; }

    /// <summary>AdamW decoupled weight decay (Loshchilov and Hutter 2019). Default: 0.0 (TRL).</summary>
    [Range(0.0, 1.0)]
    public double WeightDecay { get; set; }

    /// <summary>Global gradient-norm clipping threshold; 0 turns it off. Default: 1.0.</summary>
    [Range(0.0, 1e6)]
    public double MaxGradNorm { get; set; } = 1.0;

    /// <summary>
    /// β, weight of the k3 KL penalty to the frozen initial policy (GRPO, Shao et al. 2024, eq. 3). Default: 0.0, as
    /// DAPO and Dr. GRPO recommend; the reference model is only created when β &gt; 0.
    /// </summary>
    [Range(0.0, 100.0)]
    public double Beta { get; set; }

    /// <summary>ε_low: lower clip of the probability ratio (PPO, Schulman et al. 2017). Default: 0.2.</summary>
    [Range(0.0, 1.0)]
    public double ClipLow { get; set; } = 0.2;

    /// <summary>ε_high: upper clip, decoupled and larger to keep exploring (DAPO "clip-higher", Yu et al. 2025, §3.1). Default: 0.28.</summary>
    [Range(0.0, 10.0)]
    public double ClipHigh { get; set; } = 0.28;

    /// <summary>Divide advantages by the group's standard deviation (GRPO); false is Dr. GRPO (Liu et al. 2025). Default: true.</summary>
    public bool ScaleRewardsByStd { get; set; } = true;

    /// <summary>How per-token losses are averaged (see <see cref="Training.LossAggregation"/>). Default: Token (DAPO, TRL's default).</summary>
    public LossAggregation LossAggregation { get; set; } = LossAggregation.Token;

    /// <summary>μ, optimisation passes over each batch, ratios taken against the sampling policy (GRPO, Shao et al. 2024, Alg. 1). Default: 1.</summary>
    [Range(1, 64)]
    public int OptimizationPasses { get; set; } = 1;

    /// <summary>Sequences per forward/backward; the batch is accumulated over micro-batches. 0: the whole batch at once. Default: 0.</summary>
    [Range(0, 1_000_000)]
    public int MicroBatchSize { get; set; }

    /// <summary>Drop groups whose rewards are all equal and sample more prompts (DAPO dynamic sampling, Yu et al. 2025, §3.2). Default: false.</summary>
    public bool DynamicSampling { get; set; }

    /// <summary>Sampling rounds per step at most when <see cref="DynamicSampling"/> refills the batch. Default: 3.</summary>
    [Range(1, 100)]
    public int MaxSamplingRounds { get; set; } = 3;

    /// <summary>Mask completions cut off by the budget out of the loss (DAPO overlong filtering, Yu et al. 2025, §3.4). Default: false.</summary>
    public bool OverlongFiltering { get; set; }

    /// <summary>Seed of the rollouts' sampling; with the same seed and data a run is reproducible. Default: 0.</summary>
    public long Seed { get; set; }

    /// <summary>Seed of the task's problem stream (index = prompt counter). Default: 1.</summary>
    public long TaskSeed { get; set; } = 1;

    /// <summary>Write a checkpoint every this many steps (and at the end); 0 writes only the final one. Default: 50.</summary>
    [Range(0, 10_000_000)]
    public int CheckpointEvery { get; set; } = 50;

    /// <summary>Rollout batches are generated in this many chunks, each verified in the background while the next one generates. Default: 2.</summary>
    [Range(1, 1024)]
    public int GenerationChunks { get; set; } = 2;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ClipHigh < ClipLow)
            yield return new ValidationResult($"ClipHigh ({ClipHigh}) should be at least ClipLow ({ClipLow}): clip-higher widens the upper side.", [nameof(ClipHigh)]);
        if (GenerationChunks > PromptsPerStep)
            yield return new ValidationResult($"GenerationChunks ({GenerationChunks}) cannot exceed PromptsPerStep ({PromptsPerStep}).", [nameof(GenerationChunks)]);
    }
}
