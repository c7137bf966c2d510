using R1Gym.Abstractions;
using static TorchSharp.torch;

namespace R1Gym.Training;

/// <summary>Episodes as GRPO's training data: group advantages over their returns, and the tensors with their loss mask.</summary>
public static class EpisodeGroups
{
    /// <summary>
    /// Group-relative advantages (<see cref="GroupAdvantages"/>) of the episodes' returns. The episodes are group-major: each
    /// run of <paramref name="groupSize"/> started from the same (task, seed, index), which is checked.
    /// </summary>
    public static float[] Advantages(IReadOnlyList<Episode> episodes, int groupSize, EpisodeReturn mode, double discount = 1.0, bool scaleByStd = true)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 2);
        for (int start = 0; start + groupSize <= episodes.Count; start += groupSize)
        {
            var first = episodes[start];
            var stranger = episodes.Skip(start).Take(groupSize).FirstOrDefault(e => e.TaskId != first.TaskId || e.Seed != first.Seed || e.Index != first.Index);
            if (stranger is not null)
                throw new R1GymException($"Episodes {start}..{start + groupSize - 1} must form one group started from {first.TaskId} (seed {first.Seed}, index {first.Index}), " +
                    $"found one from {stranger.TaskId} (seed {stranger.Seed}, index {stranger.Index}); order episodes group-major.");
        }
        return GroupAdvantages.Compute(episodes.Select(e => e.Return(mode, discount)).ToList(), groupSize, scaleByStd);
    }

    /// <summary>
    /// The episodes right-padded into one teacher-forced batch. The loss mask is 1 exactly where the target token is one the
    /// policy wrote: prompt, observations, tool results and padding get no gradient.
    /// </summary>
    public static SequenceBatch Batch(IReadOnlyList<Episode> episodes, int padId, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        if (episodes.Count == 0)
            throw new ArgumentException("Expected at least one episode.", nameof(episodes));
        int rows = episodes.Count, length = Math.Max(2, episodes.Max(e => e.Tokens.Count));
        var ids = new long[rows * length];
        var attention = new long[rows * length];
        var lossMask = new float[rows * (length - 1)];
        Array.Fill(ids, padId);
        for (int i = 0; i < rows; i++)
        {
            var e = episodes[i];
            for (int t = 0; t < e.Tokens.Count; t++)
            {
                ids[i * length + t] = e.Tokens[t];
                attention[i * length + t] = 1;
                // Target t is token t + 1.
                if (t > 0 && e.PolicyMask[t])
                    lossMask[i * (length - 1) + t - 1] = 1f;
            }
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
}
