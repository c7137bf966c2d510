namespace R1Gym.Training;

/// <summary>Per-step episode metrics: return, win rate, turns, invalid actions, truncations, tokens per turn, tool use; per task too.</summary>
public static class EpisodeMetrics
{
    /// <summary>
    /// <c>episode/return_mean</c>, <c>episode/win_rate</c>, <c>episode/turns_mean</c>, <c>episode/invalid_actions_mean</c>,
    /// <c>episode/truncated_ratio</c>, <c>episode/tokens_per_turn</c>, <c>episode/cut_turn_ratio</c>, <c>tools/calls_mean</c>,
    /// <c>tools/errors_mean</c>; with several tasks also <c>task/&lt;id&gt;/return_mean</c>, <c>.../win_rate</c>, <c>.../turns_mean</c>.
    /// </summary>
    public static Dictionary<string, double> Summarize(IReadOnlyList<Episode> episodes, EpisodeReturn mode, double discount = 1.0)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (episodes.Count == 0)
            return metrics;
        Add(metrics, "episode", episodes, mode, discount);
        int turns = episodes.Sum(e => e.Turns);
        metrics["episode/invalid_actions_mean"] = episodes.Average(e => e.InvalidActions);
        metrics["episode/truncated_ratio"] = episodes.Average(e => e.Truncated ? 1.0 : 0.0);
        metrics["episode/tokens_per_turn"] = turns == 0 ? 0 : episodes.Sum(e => e.PolicyTokens) / (double)turns;
        metrics["episode/cut_turn_ratio"] = turns == 0 ? 0 : episodes.Sum(e => e.CutTurns) / (double)turns;
        metrics["episode/length_mean"] = episodes.Average(e => e.Tokens.Count);
        metrics["tools/calls_mean"] = episodes.Average(e => e.ToolCalls);
        metrics["tools/errors_mean"] = episodes.Average(e => e.ToolErrors);
        var tasks = episodes.GroupBy(e => e.TaskId).ToList();
        if (tasks.Count > 1)
            foreach (var task in tasks)
                Add(metrics, $"task/{task.Key}", task.ToList(), mode, discount);
        return metrics;
    }

    private static void Add(Dictionary<string, double> metrics, string prefix, IReadOnlyList<Episode> episodes, EpisodeReturn mode, double discount)
    {
        metrics[$"{prefix}/return_mean"] = episodes.Average(e => e.Return(mode, discount));
        metrics[$"{prefix}/win_rate"] = episodes.Average(e => e.Won ? 1.0 : 0.0);
        metrics[$"{prefix}/turns_mean"] = episodes.Average(e => e.Turns);
    }
}
