using System.ComponentModel.DataAnnotations;

namespace R1Gym.Training.Distillation;

/// <summary>
/// Knobs of token-level distillation (bound from the <c>Distill</c> section): the student matches the teacher's
/// next-token distribution on the completion tokens of (prompt, completion) pairs, the teacher's verified traces.
/// </summary>
public sealed class DistillationOptions : IValidatableObject
{
    public const string SectionName = "Distill";

    /// <summary>Optimiser steps. Default: 200.</summary>
    [Range(1, 10_000_000)]
    public int Steps { get; set; } = 200;

    /// <summary>Examples per optimiser step. Default: 32.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Examples per teacher and student forward pass; bounds memory (each holds [micro, T, V] logits). 0: the whole batch. Default: 8.</summary>
    [Range(0, 100_000)]
    public int MicroBatchSize { get; set; } = 8;

    /// <summary>AdamW peak learning rate. Default: 1e-4.</summary>
    [Range(0.0, 1.0)]
    public double LearningRate { get; set; } = 1e-4;

    /// <summary>Steps of linear warm-up. Default: 10.</summary>
    [Range(0, 10_000_000)]
    public int WarmupSteps { get; set; } = 10;

    /// <summary>AdamW decoupled weight decay. Default: 0.0.</summary>
    [Range(0.0, 1.0)]
    public double WeightDecay { get; set; }

    /// <summary>Global gradient-norm clipping; 0 turns it off. Default: 1.0.</summary>
    [Range(0.0, 1e6)]
    public double MaxGradNorm { get; set; } = 1.0;

    /// <summary>Forward KL(teacher || student) (Hinton et al. 2015) or reverse KL(student || teacher) (MiniLLM, Gu et al. 2024). Default: Forward.</summary>
    public KdDivergence Divergence { get; set; } = KdDivergence.Forward;

    /// <summary>τ, softmax temperature of both distributions; the loss is scaled by τ² (Hinton et al. 2015). Default: 1.0.</summary>
    [Range(0.01, 100.0)]
    public double Temperature { get; set; } = 1.0;

    /// <summary>Match only the teacher's k most likely tokens, renormalised; 0 uses the whole vocabulary. Default: 0.</summary>
    [Range(0, 1_000_000)]
    public int TopK { get; set; }

    /// <summary>Weight of the KL term. Default: 1.0.</summary>
    [Range(0.0, 100.0)]
    public double KdWeight { get; set; } = 1.0;

    /// <summary>Weight of ordinary cross-entropy on the trace's tokens, mixed in (Hinton et al.'s hard-label term). Default: 0.0.</summary>
    [Range(0.0, 100.0)]
    public double CrossEntropyWeight { get; set; }

    /// <summary>Longer examples are cut to this many tokens. Default: 2048.</summary>
    [Range(2, 1_000_000)]
    public int MaxSequenceLength { get; set; } = 2048;

    /// <summary>Seed of the shuffling. Default: 0.</summary>
    public long Seed { get; set; }

    /// <summary>Write a checkpoint every this many steps (0: only at the end) when the trainer has a checkpoint store. Default: 0.</summary>
    [Range(0, 1_000_000)]
    public int CheckpointEvery { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MicroBatchSize > BatchSize)
            yield return new ValidationResult($"MicroBatchSize ({MicroBatchSize}) cannot exceed BatchSize ({BatchSize}).", [nameof(MicroBatchSize)]);
        if (KdWeight == 0 && CrossEntropyWeight == 0)
            yield return new ValidationResult("KdWeight and CrossEntropyWeight are both 0: nothing would be learnt.", [nameof(KdWeight)]);
    }
}
