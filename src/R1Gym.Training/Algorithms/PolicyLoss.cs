using TorchSharp;
using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>How per-token losses become one number (each choice weighs long and short completions differently).</summary>
public enum LossAggregation
{
    /// <summary>Mean over each completion's tokens, then over completions (GRPO, Shao et al. 2024, eq. 3): long answers weigh less per token.</summary>
    Sequence,

    /// <summary>Sum over every token of the batch divided by their count (DAPO, Yu et al. 2025, §3.3): every token weighs the same.</summary>
    Token,

    /// <summary>Sum over tokens divided by completions times a constant, the generation budget (Dr. GRPO, Liu et al. 2025): no length bias.</summary>
    Constant,
}

/// <summary>The GRPO objective's pieces, on tensors, each with hand-computed tests.</summary>
public static class PolicyLoss
{
    /// <summary>
    /// PPO's clipped surrogate per token (Schulman et al. 2017), with DAPO's decoupled clip range ("clip-higher",
    /// Yu et al. 2025, §3.1): the ratio is clipped to <c>[1 - clipLow, 1 + clipHigh]</c>. Returns the loss to minimise
    /// (the negated objective) and a 0/1 mask of the tokens whose gradient the clip removed.
    /// </summary>
    /// <param name="logProbs">Current policy log-probs of the sampled tokens, [B, T].</param>
    /// <param name="oldLogProbs">The sampling policy's log-probs, [B, T] (no gradient).</param>
    /// <param name="advantages">One advantage per completion, [B].</param>
    public static (Tensor Loss, Tensor Clipped) ClippedSurrogate(Tensor logProbs, Tensor oldLogProbs, Tensor advantages, double clipLow, double clipHigh)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(oldLogProbs);
        ArgumentNullException.ThrowIfNull(advantages);
        var advantage = advantages.unsqueeze(1);                                     // [B, 1]
        var ratio = (logProbs - oldLogProbs).exp();                                  // [B, T]
        var unclipped = ratio * advantage;                                           // [B, T]
        var clipped = ratio.clamp(1.0 - clipLow, 1.0 + clipHigh) * advantage;        // [B, T]
        var loss = -minimum(unclipped, clipped);                                     // [B, T]
        var wasClipped = (ratio.lt(1.0 - clipLow) & advantage.lt(0)) | (ratio.gt(1.0 + clipHigh) & advantage.gt(0)); // [B, T]
        return (loss, wasClipped.to_type(ScalarType.Float32));
    }

    /// <summary>
    /// Schulman's k3 estimator of KL(policy || reference) per token: <c>exp(ref - logp) - (ref - logp) - 1</c>,
    /// unbiased and never negative (used by GRPO, Shao et al. 2024, eq. 4).
    /// </summary>
    public static Tensor KlK3(Tensor logProbs, Tensor referenceLogProbs)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(referenceLogProbs);
        var delta = referenceLogProbs - logProbs;                                    // [B, T]
        return delta.exp() - delta - 1.0;
    }

    /// <summary>
    /// This micro-batch's share of the batch loss: summed over every micro-batch it equals the aggregate of the whole
    /// batch, so gradient accumulation gives the same gradient as one big batch.
    /// </summary>
    /// <param name="perToken">Per-token losses, [B, T].</param>
    /// <param name="mask">1 for completion tokens that count, 0 for prompt, padding and filtered tokens, [B, T].</param>
    /// <param name="totalSequences">Completions in the whole batch (all micro-batches).</param>
    /// <param name="totalTokens">Counted tokens in the whole batch (all micro-batches).</param>
    /// <param name="constant">Dr. GRPO's normaliser (the maximum completion length) for <see cref="LossAggregation.Constant"/>.</param>
    public static Tensor Aggregate(Tensor perToken, Tensor mask, LossAggregation mode, long totalSequences, double totalTokens, double constant)
    {
        ArgumentNullException.ThrowIfNull(perToken);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSequences, 1);
        var masked = perToken * mask;                                                // [B, T]
        return mode switch
        {
            LossAggregation.Sequence => (masked.sum(1) / mask.sum(1).clamp_min(1.0)).sum() / totalSequences,
            LossAggregation.Token => masked.sum() / Math.Max(totalTokens, 1.0),
            LossAggregation.Constant => masked.sum() / (totalSequences * Math.Max(constant, 1.0)),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown loss aggregation."),
        };
    }

    /// <summary>Logits converted to fp32 at once in TokenLogProbs: 32M values (128 MB), about 220 positions of a 151k vocabulary.</summary>
    internal const long LogProbChunkElements = 1L << 25;

    /// <summary>
    /// Per-token log-probabilities of <paramref name="targets"/> and the policy's entropy at each position, from logits
    /// divided by the sampling temperature (the distribution the tokens were drawn from). Long sequences are processed in
    /// chunks of positions, so the fp32 copy of [B, T, V] logits never exists at once outside what autograd keeps for the
    /// backward pass (and, without gradients, one chunk at a time).
    /// </summary>
    /// <param name="logits">[B, T, V].</param>
    /// <param name="targets">The next tokens, [B, T] int64.</param>
    /// <param name="withEntropy">Also return the entropy (costs one more pass per chunk, no gradient).</param>
    public static (Tensor LogProbs, Tensor? Entropy) TokenLogProbs(Tensor logits, Tensor targets, double temperature = 1.0, bool withEntropy = false) =>
        TokenLogProbs(logits, targets, temperature, withEntropy, LogProbChunkElements);

    internal static (Tensor LogProbs, Tensor? Entropy) TokenLogProbs(Tensor logits, Tensor targets, double temperature, bool withEntropy, long chunkElements)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        long b = logits.shape[0], t = logits.shape[1], v = logits.shape[2];
        long step = Math.Max(1, chunkElements / Math.Max(1, b * v));
        if (step >= t)
            return ChunkLogProbs(logits, targets, temperature, withEntropy);
        var picked = new List<Tensor>();
        var entropies = new List<Tensor>();
        for (long t0 = 0; t0 < t; t0 += step)
        {
            long n = Math.Min(step, t - t0);
            var (lp, h) = ChunkLogProbs(logits.narrow(1, t0, n), targets.narrow(1, t0, n), temperature, withEntropy); // [B, n]
            picked.Add(lp);
            if (h is not null) entropies.Add(h);
        }

        return (cat(picked, 1), withEntropy ? cat(entropies, 1) : null);                 // [B, T]
    }

    /// <summary>logits [B, n, V], targets [B, n] -> log-probs [B, n] and optionally the entropy [B, n].</summary>
    private static (Tensor LogProbs, Tensor? Entropy) ChunkLogProbs(Tensor logits, Tensor targets, double temperature, bool withEntropy)
    {
        var scaled = logits.to_type(ScalarType.Float32);                             // [B, n, V]
        if (temperature != 1.0)
            scaled = scaled / temperature;
        // log_softmax per position, as an unchunked pass computes it: chunking positions changes no value, bit for bit.
        var logSoftmax = scaled.log_softmax(-1);                                     // [B, n, V]
        var picked = logSoftmax.gather(-1, targets.unsqueeze(-1)).squeeze(-1);       // [B, n]
        if (!withEntropy)
            return (picked, null);
        using var _ = no_grad();
        var entropy = -(logSoftmax.exp() * logSoftmax).sum(-1);                      // [B, n]
        return (picked, entropy);
    }
}
