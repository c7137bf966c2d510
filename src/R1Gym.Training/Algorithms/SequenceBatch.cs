using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>
/// Prompt + completion pairs laid out for one teacher-forced forward pass: right-padded input ids, the attention mask,
/// the next-token targets and the loss mask that keeps completion tokens only (the prompt is masked out).
/// </summary>
/// <param name="InputIds">[B, L] int64, L = the longest prompt + completion, padded with the pad id.</param>
/// <param name="AttentionMask">[B, L] int64, 1 for real tokens.</param>
/// <param name="Targets">[B, L - 1] int64: position t predicts <c>InputIds[:, t + 1]</c>.</param>
/// <param name="LossMask">[B, L - 1] float32: 1 where the target is a completion token.</param>
public sealed record SequenceBatch(Tensor InputIds, Tensor AttentionMask, Tensor Targets, Tensor LossMask) : IDisposable
{
    /// <summary>Builds the batch on <paramref name="device"/>; every completion must have at least one token.</summary>
    public static SequenceBatch Build(IReadOnlyList<IReadOnlyList<int>> prompts, IReadOnlyList<IReadOnlyList<int>> completions, int padId, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(completions);
        if (prompts.Count != completions.Count || prompts.Count == 0)
            throw new ArgumentException($"Expected as many prompts as completions (at least one), found {prompts.Count} and {completions.Count}.");
        int rows = prompts.Count;
        int empty = Enumerable.Range(0, rows).FirstOrDefault(i => prompts[i].Count == 0, -1);
        if (empty >= 0)
            throw new ArgumentException($"Prompt {empty} is empty; a completion must follow at least one prompt token.");
        int length = Enumerable.Range(0, rows).Max(i => prompts[i].Count + completions[i].Count);
        if (length < 2)
            throw new ArgumentException("A sequence needs at least two tokens (a prompt token and a completion token).");
        var ids = new long[rows * length];
        var attention = new long[rows * length];
        var lossMask = new float[rows * (length - 1)];
        Array.Fill(ids, padId);
        for (int i = 0; i < rows; i++)
        {
            int p = prompts[i].Count, c = completions[i].Count;
            for (int t = 0; t < p; t++)
                ids[i * length + t] = prompts[i][t];
            for (int t = 0; t < c; t++)
                ids[i * length + p + t] = completions[i][t];
            for (int t = 0; t < p + c; t++)
                attention[i * length + t] = 1;
            // Target t is token t + 1: completion tokens are targets p - 1 .. p + c - 2.
            for (int t = p - 1; t < p + c - 1; t++)
                lossMask[i * (length - 1) + t] = 1f;
        }
        device ??= CPU;
        var inputIds = tensor(ids, [rows, length], ScalarType.Int64, device);                 // [B, L]
        var targets = inputIds.narrow(1, 1, length - 1).contiguous();                        // [B, L-1]
        return new SequenceBatch(
            inputIds,
            tensor(attention, [rows, length], ScalarType.Int64, device),                     // [B, L]
            targets,
            tensor(lossMask, [rows, length - 1], ScalarType.Float32, device));               // [B, L-1]
    }

    /// <summary>Completion tokens counted by the loss mask.</summary>
    public double CompletionTokens => LossMask.sum().item<float>();

    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        Targets.Dispose();
        LossMask.Dispose();
    }
}
