using static TorchSharp.torch;

namespace R1Gym.Training.Distillation;

/// <summary>Which KL the student minimises.</summary>
public enum KdDivergence
{
    /// <summary>KL(teacher || student): mean-seeking, the classic logit distillation (Hinton et al. 2015).</summary>
    Forward,

    /// <summary>KL(student || teacher): mode-seeking, MiniLLM's choice for generative students (Gu et al. 2024).</summary>
    Reverse,
}

/// <summary>Token-level distillation losses on logits, each with hand-computed tests.</summary>
public static class DistillationLoss
{
    /// <summary>
    /// Per-position KL between the softened next-token distributions over the whole vocabulary, times τ² so gradients keep
    /// their scale as τ changes (Hinton et al. 2015).
    /// </summary>
    /// <remarks>studentLogits: [B, T, V], with gradient.</remarks>
    /// <remarks>teacherLogits: [B, T, V], no gradient.</remarks>
    /// <returns>[B, T] float32.</returns>
    public static Tensor PerToken(Tensor studentLogits, Tensor teacherLogits, KdDivergence divergence, double temperature = 1.0)
    {
        ArgumentNullException.ThrowIfNull(studentLogits);
        ArgumentNullException.ThrowIfNull(teacherLogits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        if (!studentLogits.shape.SequenceEqual(teacherLogits.shape))
            throw new ArgumentException($"Student and teacher logits must have the same shape (a shared tokenizer), found [{string.Join(", ", studentLogits.shape)}] and [{string.Join(", ", teacherLogits.shape)}].");
        var student = (studentLogits.to_type(ScalarType.Float32) / temperature).log_softmax(-1);   // [B, T, V]
        var teacher = (teacherLogits.to_type(ScalarType.Float32) / temperature).log_softmax(-1);   // [B, T, V]
        return Kl(student, teacher, divergence) * (temperature * temperature);                     // [B, T]
    }

    /// <summary>
    /// The same KL restricted to the teacher's top-k tokens: only the teacher's k largest logits and their indices are
    /// kept (k of V numbers per position, so a large-vocabulary teacher costs little memory), and both distributions are
    /// renormalised over that support.
    /// </summary>
    /// <remarks>studentLogits: [B, T, V], with gradient.</remarks>
    /// <remarks>teacherTopLogits: [B, T, K], the teacher's largest logits.</remarks>
    /// <remarks>teacherTopIndices: [B, T, K] int64, their token ids.</remarks>
    /// <returns>[B, T] float32.</returns>
    public static Tensor PerTokenTopK(Tensor studentLogits, Tensor teacherTopLogits, Tensor teacherTopIndices, KdDivergence divergence, double temperature = 1.0)
    {
        ArgumentNullException.ThrowIfNull(studentLogits);
        ArgumentNullException.ThrowIfNull(teacherTopLogits);
        ArgumentNullException.ThrowIfNull(teacherTopIndices);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        var studentTop = studentLogits.to_type(ScalarType.Float32).gather(-1, teacherTopIndices);   // [B, T, K]
        var student = (studentTop / temperature).log_softmax(-1);                                    // [B, T, K]
        var teacher = (teacherTopLogits.to_type(ScalarType.Float32) / temperature).log_softmax(-1);  // [B, T, K]
        return Kl(student, teacher, divergence) * (temperature * temperature);                       // [B, T]
    }

    /// <summary>The teacher's k largest logits and their indices, [B, T, K] each.</summary>
    public static (Tensor Values, Tensor Indices) TopK(Tensor teacherLogits, int k)
    {
        ArgumentNullException.ThrowIfNull(teacherLogits);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var (values, indices) = teacherLogits.topk(Math.Min(k, (int)teacherLogits.shape[^1]), dim: -1);
        return (values, indices);
    }

    /// <summary>Sum of <paramref name="perToken"/> over the mask's tokens divided by <paramref name="tokens"/> (the batch's count).</summary>
    public static Tensor MaskedSum(Tensor perToken, Tensor mask, double tokens)
    {
        ArgumentNullException.ThrowIfNull(perToken);
        ArgumentNullException.ThrowIfNull(mask);
        return (perToken * mask).sum() / Math.Max(tokens, 1.0);
    }

    /// <remarks>student: log q, [.., N].</remarks>
    /// <remarks>teacher: log p, [.., N].</remarks>
    private static Tensor Kl(Tensor student, Tensor teacher, KdDivergence divergence) => divergence switch
    {
        KdDivergence.Forward => (teacher.exp() * (teacher - student)).sum(-1),   // KL(p || q)
        KdDivergence.Reverse => (student.exp() * (student - teacher)).sum(-1),   // KL(q || p)
        _ => throw new ArgumentOutOfRangeException(nameof(divergence), divergence, "Forward or Reverse."),
    };
}
