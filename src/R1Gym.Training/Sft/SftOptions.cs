using System.ComponentModel.DataAnnotations;

namespace R1Gym.Training;

/// <summary>
/// Knobs of supervised fine-tuning on (prompt, completion) pairs with the prompt masked out: DeepSeek-R1's cold start
/// (Guo et al. 2025, §2.3.1) and, with a teacher's completions, distillation (§2.4). Bound from the <c>Sft</c> section.
/// </summary>
public sealed class SftOptions : IValidatableObject
{
    public const string SectionName = "Sft";

    /// <summary>Optimiser steps. Default: 200.</summary>
    [Range(1, 10_000_000)]
    public int Steps { get; set; } = 200;

    /// <summary>Examples per optimiser step. Default: 32.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Examples per forward/backward (gradient accumulation); 0: the whole batch. Default: 0.</summary>
    [Range(0, 100_000)]
    public int MicroBatchSize { get; set; }

    /// <summary>AdamW peak learning rate (1e-5 suits billion-parameter models; from-scratch tiny models want ~1e-3). Default: 1e-5.</summary>
    [Range(0.0, 1.0)]
    public double LearningRate { get; set; } = 1e-5;

    /// <summary>Steps of linear warm-up. Default: 10.</summary>
    [Range(0, 10_000_000)]
    public int WarmupSteps { get; set; } = 10;

    /// <summary>AdamW decoupled weight decay. Default: 0.0.</summary>
    [Range(0.0, 1.0)]
    public double WeightDecay { get; set; }

    /// <summary>Global gradient-norm clipping; 0 turns it off. Default: 1.0.</summary>
    [Range(0.0, 1e6)]
    public double MaxGradNorm { get; set; } = 1.0;

    /// <summary>Longer examples are cut to this many tokens (prompt first). Default: 2048.</summary>
    [Range(2, 1_000_000)]
    public int MaxSequenceLength { get; set; } = 2048;

    /// <summary>Seed of the shuffling; the example order is a pure function of (seed, step). Default: 0.</summary>
    public long Seed { get; set; }

    /// <summary>Write a checkpoint every this many steps (and at the end); 0: only the final one. Default: 0.</summary>
    [Range(0, 10_000_000)]
    public int CheckpointEvery { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MicroBatchSize > BatchSize)
            yield return new ValidationResult($"MicroBatchSize ({MicroBatchSize}) cannot exceed BatchSize ({BatchSize}).", [nameof(MicroBatchSize)]);
    }
}
