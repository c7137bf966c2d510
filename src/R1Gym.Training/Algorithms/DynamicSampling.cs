namespace R1Gym.Training;

/// <summary>
/// DAPO's dynamic sampling (Yu et al. 2025, §3.2): a group whose completions all earned the same reward has zero
/// advantage everywhere and so no policy gradient; drop it and sample more prompts until the batch is full.
/// </summary>
public static class DynamicSampling
{
    /// <summary>Rewards closer than this count as equal. Default: 1e-6.</summary>
    public const double Tolerance = 1e-6;

    /// <summary>For each group (group-major layout), whether its rewards differ, i.e. whether it carries a learning signal.</summary>
    public static bool[] InformativeGroups(IReadOnlyList<double> rewards, int groupSize)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 1);
        if (rewards.Count % groupSize != 0)
            throw new ArgumentException($"Expected a multiple of the group size {groupSize} rewards, found {rewards.Count}.", nameof(rewards));
        var informative = new bool[rewards.Count / groupSize];
        for (int g = 0; g < informative.Length; g++)
        {
            double min = double.MaxValue, max = double.MinValue;
            for (int i = g * groupSize; i < (g + 1) * groupSize; i++)
            {
                min = Math.Min(min, rewards[i]);
                max = Math.Max(max, rewards[i]);
            }
            informative[g] = max - min > Tolerance;
        }
        return informative;
    }

    /// <summary>
    /// Adds the informative groups of a freshly sampled round to <paramref name="kept"/> until it holds
    /// <paramref name="wanted"/> groups; returns true when the batch is full.
    /// </summary>
    public static bool Refill<TGroup>(List<TGroup> kept, IReadOnlyList<TGroup> round, IReadOnlyList<bool> informative, int wanted)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(informative);
        if (round.Count != informative.Count)
            throw new ArgumentException($"Expected one flag per group ({round.Count}), found {informative.Count}.", nameof(informative));
        for (int g = 0; g < round.Count && kept.Count < wanted; g++)
            if (informative[g])
                kept.Add(round[g]);
        return kept.Count >= wanted;
    }
}
