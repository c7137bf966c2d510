namespace R1Gym.Training.Evaluation;

/// <summary>One sampled completion as the estimators see it: its normalised final answer (null when none) and correctness.</summary>
public readonly record struct ScoredAnswer(string? Answer, bool Correct);

/// <summary>
/// The sample-based metrics of DeepSeek-R1's evaluation (Guo et al. 2025, §3): pass@1 averaged over k samples, unbiased
/// pass@k (Chen et al. 2021) and maj@k (self-consistency, Wang et al. 2023). Pure functions, each with hand-computed tests.
/// </summary>
public static class SampleEstimators
{
    /// <summary>
    /// The unbiased estimator of pass@k from <paramref name="n"/> samples of which <paramref name="c"/> are correct:
    /// <c>1 - C(n-c, k) / C(n, k)</c> (Chen et al. 2021, eq. 1), computed as <c>1 - prod_{i=n-c+1}^{n} (1 - k/i)</c> so no
    /// binomial coefficient is ever formed (they overflow long before n = 200).
    /// </summary>
    public static double PassAtK(int n, int c, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(c, n);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if (n - c < k)
            return 1.0;   // every k-subset holds a correct sample
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++)
            allWrong *= 1.0 - (double)k / i;
        return 1.0 - allWrong;
    }

    /// <summary>pass@1 estimated from k samples at temperature > 0: the share of correct samples (R1's headline metric).</summary>
    public static double PassAt1(IReadOnlyList<ScoredAnswer> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
            throw new ArgumentException("pass@1 needs at least one sample.", nameof(samples));
        return samples.Count(s => s.Correct) / (double)samples.Count;
    }

    /// <summary>
    /// maj@k (consensus): 1 when the most frequent normalised answer among the first <paramref name="k"/> samples is correct.
    /// Samples without an answer do not vote; when none answered the score is 0. Ties go to the answer that appeared first
    /// among the tied ones (a deterministic rule, so reports are reproducible). A group's correctness is that of its first
    /// sample: equal normalised answers get equal verdicts from a sane verifier.
    /// </summary>
    public static double MajorityAtK(IReadOnlyList<ScoredAnswer> samples, int k)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, samples.Count);
        var votes = new Dictionary<string, (int Count, int First, bool Correct)>(StringComparer.Ordinal);
        for (int i = 0; i < k; i++)
        {
            if (samples[i].Answer is not { } answer)
                continue;
            votes[answer] = votes.TryGetValue(answer, out var v) ? v with { Count = v.Count + 1 } : (1, i, samples[i].Correct);
        }
        if (votes.Count == 0)
            return 0.0;
        var winner = votes.Values.OrderByDescending(v => v.Count).ThenBy(v => v.First).First();
        return winner.Correct ? 1.0 : 0.0;
    }
}
