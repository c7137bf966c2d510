using R1Gym.Abstractions;
using R1Gym.Model;

namespace R1Gym.Training;

/// <summary>Mean return and win rate of a policy over held-out episodes of one task or environment.</summary>
public sealed record EnvironmentScore(string TaskId, int Episodes, double MeanReturn, double WinRate, double TurnsMean, double TruncatedRatio)
{
    /// <summary>The score's metrics under <c>eval/&lt;task&gt;/...</c>.</summary>
    public Dictionary<string, double> ToMetrics() => new(StringComparer.Ordinal)
    {
        [$"eval/{TaskId}/return_mean"] = MeanReturn,
        [$"eval/{TaskId}/win_rate"] = WinRate,
        [$"eval/{TaskId}/turns_mean"] = TurnsMean,
        [$"eval/{TaskId}/truncated_ratio"] = TruncatedRatio,
    };
}

/// <summary>Plays held-out episodes (a seed the training never draws) greedily by default and scores them.</summary>
public static class EnvironmentEvaluator
{
    /// <param name="createEnvironment">A fresh environment per episode.</param>
    /// <param name="seed">The held-out seed; episodes are indexes 0..episodes-1 of it.</param>
    /// <param name="sampling">Null: greedy decoding.</param>
    public static EnvironmentScore Evaluate(EpisodeRunner runner, string taskId, Func<IEnvironment> createEnvironment, long seed, int episodes,
        EpisodeReturn mode = EpisodeReturn.Sum, SamplingOptions? sampling = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(createEnvironment);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        var starts = Enumerable.Range(0, episodes).Select(i => new EpisodeStart(taskId, createEnvironment(), seed, i)).ToList();
        var played = runner.Run(starts, sampling ?? new SamplingOptions { Temperature = 0 }, DeterministicSeed.Combine(seed, 0x0e7a1), cancellationToken: cancellationToken);
        return new EnvironmentScore(taskId, played.Count, played.Average(e => e.Return(mode)), played.Average(e => e.Won ? 1.0 : 0.0),
            played.Average(e => e.Turns), played.Average(e => e.Truncated ? 1.0 : 0.0));
    }
}
