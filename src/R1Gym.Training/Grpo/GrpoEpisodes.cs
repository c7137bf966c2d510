using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;

namespace R1Gym.Training;

/// <summary>
/// GRPO's rollout, for every task: the starts of a step (a single-turn task's prompt is a one-turn episode) played by the
/// <see cref="EpisodeRunner"/>, grouped G by G with group-relative advantages over their returns.
/// </summary>
internal sealed class GrpoEpisodes
{
    private readonly GrpoOptions _options;
    private readonly EpisodeTasks _tasks;
    private readonly EpisodeOptions _episodes;
    private readonly EpisodeRunner _runner;
    private readonly int _eosId;

    public GrpoEpisodes(GrpoOptions options, CausalLM policy, ITextTokenizer tokenizer, EpisodeTasks tasks, ConversationFormat format, EpisodeOptions episodes,
        ToolBox? tools, RewardComposer? rewards)
    {
        _options = options;
        _tasks = tasks;
        _episodes = episodes;
        _runner = new EpisodeRunner(policy, tokenizer, format, episodes, tools, rewards);
        _eosId = tokenizer.EosId;
    }

    public EpisodeOptions Episodes => _episodes;

    public EpisodeTasks Tasks => _tasks;

    /// <summary>The episode settings that make a single-turn task's rollout the single-turn trainer's: one turn of MaxNewTokens.</summary>
    public static EpisodeOptions SingleTurn(GrpoOptions options, CausalLM policy) => new()
    {
        MaxTurns = 1,
        MaxTokensPerTurn = options.MaxNewTokens,
        MaxEpisodeTokens = policy.Config.MaxPositionEmbeddings,
        MaxObservationChars = int.MaxValue,
        GenerationChunks = options.GenerationChunks,
    };

    /// <summary>Plays prompt slots <paramref name="cursor"/>.. of the step, G episodes each; returns their groups.</summary>
    public List<GrpoGroup> Rollout(long cursor, long seed, SamplingOptions sampling, GrpoPhaseTimes timing, CancellationToken cancellationToken)
    {
        int g = _options.GroupSize;
        var starts = _tasks.Starts(_options.TaskSeed, cursor, _options.PromptsPerStep, g);
        var times = new EpisodeTimes();
        var played = _runner.Run(starts, sampling, seed, times, cancellationToken);
        timing.Generate += times.Generate;
        timing.AddVerify(times.Step);
        timing.VerifyWait += times.StepWait;
        _tasks.Curriculum?.Observe(played);
        var advantages = EpisodeGroups.Advantages(played, g, _episodes.Return, _episodes.Discount, _options.ScaleRewardsByStd);
        var groups = new List<GrpoGroup>(played.Count / g);
        for (int start = 0; start < played.Count; start += g)
            groups.Add(GrpoGroup.FromEpisodes(played.Skip(start).Take(g).ToList(), advantages[start..(start + g)], _episodes.Return, _episodes.Discount, _eosId));
        return groups;
    }

    /// <summary>Episode, per-task, tool and curriculum metrics of the sampled groups.</summary>
    public Dictionary<string, double> Metrics(IEnumerable<GrpoGroup> sampled)
    {
        var metrics = EpisodeMetrics.Summarize(sampled.SelectMany(g => g.Episodes).ToList(), _episodes.Return, _episodes.Discount);
        if (_tasks.Curriculum is { } curriculum)
            foreach (var (name, value) in curriculum.Metrics())
                metrics[name] = value;
        return metrics;
    }
}
