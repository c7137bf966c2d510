namespace R1Gym.Training;

/// <summary>
/// Group-relative advantages (Shao et al. 2024, DeepSeekMath §4.1.2, "GRPO"): each completion's reward minus the mean
/// of its group, divided by the group's standard deviation unless <c>scaleByStd</c> is off (Liu et al. 2025,
/// "Understanding R1-Zero-Like Training", Dr. GRPO: the std scaling biases updates towards too easy and too hard
/// questions).
/// </summary>
public static class GroupAdvantages
{
    /// <summary>Added to the standard deviation so all-equal groups divide by a non-zero number. Default: 1e-4 (TRL).</summary>
    public const double DefaultEpsilon = 1e-4;

    /// <param name="rewards">Group-major: group g holds items <c>[g * groupSize, (g + 1) * groupSize)</c>.</param>
    /// <param name="groupSize">G, the completions sampled per prompt; at least 2.</param>
    /// <param name="scaleByStd">Divide by the group's sample standard deviation (n - 1, as TRL and torch.std).</param>
    /// <param name="epsilon">Added to the standard deviation.</param>
    /// <returns>One advantage per completion, in the same order.</returns>
    public static float[] Compute(IReadOnlyList<double> rewards, int groupSize, bool scaleByStd = true, double epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 2);
        if (rewards.Count % groupSize != 0)
            throw new ArgumentException($"Expected a multiple of the group size {groupSize} rewards, found {rewards.Count}.", nameof(rewards));
        var advantages = new float[rewards.Count];
        for (int start = 0; start < rewards.Count; start += groupSize)
        {
            double mean = 0;
            for (int i = 0; i < groupSize; i++)
                mean += rewards[start + i];
            mean /= groupSize;
            double variance = 0;
            for (int i = 0; i < groupSize; i++)
                variance += (rewards[start + i] - mean) * (rewards[start + i] - mean);
            double scale = scaleByStd ? Math.Sqrt(variance / (groupSize - 1)) + epsilon : 1.0;
            // An all-equal group carries no signal; rounding in the mean must not turn into a tiny, std-amplified one.
            bool allEqual = Enumerable.Range(start, groupSize).All(i => rewards[i] == rewards[start]);
            for (int i = 0; i < groupSize; i++)
                advantages[start + i] = allEqual ? 0f : (float)((rewards[start + i] - mean) / scale);
        }
        return advantages;
    }
}
