using System.Text.Json.Nodes;
using R1Gym.Gym;

namespace R1Gym.Training;

/// <summary>
/// One played episode as one token sequence: the first prompt, then each policy turn and each observation, in order.
/// Only the policy's own tokens carry a loss-mask 1; prompt, observations and tool results are context (mask 0).
/// </summary>
public sealed class Episode(string taskId, long seed, int index, int sample)
{
    /// <summary>The task or environment id this episode came from (per-task metrics, mixtures).</summary>
    public string TaskId { get; } = taskId;

    public long Seed { get; } = seed;

    public int Index { get; } = index;

    /// <summary>Which of the G samples of (seed, index) this is.</summary>
    public int Sample { get; } = sample;

    /// <summary>The whole conversation's token ids.</summary>
    public List<int> Tokens { get; } = [];

    /// <summary>Per token: true when the policy wrote it (trained on), false for context.</summary>
    public List<bool> PolicyMask { get; } = [];

    /// <summary>Per token: the sampling log-probability for policy tokens (raw model, T = 1), 0 for context.</summary>
    public List<float> SamplingLogProbs { get; } = [];

    /// <summary>Tokens of the first prompt.</summary>
    public int PromptTokens { get; internal set; }

    /// <summary>The policy's turns as text, in order.</summary>
    public List<string> Actions { get; } = [];

    /// <summary>Rewards of the environment steps, in order (shaped when a reward composer judged the step).</summary>
    public List<double> Rewards { get; } = [];

    /// <summary>The shaped rewards of steps a verifier judged (single-turn tasks): accuracy, format, length parts.</summary>
    public List<RewardBreakdown> Breakdowns { get; } = [];

    public int Turns { get; internal set; }

    /// <summary>Tokens the policy generated over all turns (the length reward's count: observations never add to it).</summary>
    public int GeneratedTokens { get; internal set; }

    public int EnvironmentSteps { get; internal set; }

    public int ToolCalls { get; internal set; }

    public int ToolErrors { get; internal set; }

    /// <summary>Actions the environment could not use (it says so in its info: "invalid" or "invalid_moves").</summary>
    public int InvalidActions { get; internal set; }

    /// <summary>Turns that hit <see cref="EpisodeOptions.MaxTokensPerTurn"/> before the policy stopped.</summary>
    public int CutTurns { get; internal set; }

    /// <summary>How the last turn's generation ended: "eos", "stop" or "length"; empty before the first turn.</summary>
    public string LastFinish { get; internal set; } = "";

    public bool Terminated { get; internal set; }

    public bool Truncated { get; internal set; }

    /// <summary>terminated, truncated (by the environment), turn_limit, token_limit, tool_limit or environment_error.</summary>
    public string EndReason { get; internal set; } = "";

    /// <summary>The episode ended in a win (the environment's "won"/"solved" info, a correct verdict, or a terminal reward of 1).</summary>
    public bool Won { get; internal set; }

    /// <summary>The last info object the environment returned.</summary>
    public JsonObject? LastInfo { get; internal set; }

    public bool Done => Terminated || Truncated;

    /// <summary>Tokens the policy wrote.</summary>
    public int PolicyTokens => PolicyMask.Count(m => m);

    /// <summary>The episode's return under <paramref name="mode"/>.</summary>
    public double Return(EpisodeReturn mode, double discount = 1.0) => mode switch
    {
        EpisodeReturn.Terminal => Rewards.Count == 0 ? 0 : Rewards[^1],
        EpisodeReturn.Sum => Rewards.Sum(),
        EpisodeReturn.Discounted => Rewards.Select((r, t) => r * Math.Pow(discount, t)).Sum(),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown episode return."),
    };

    internal void Append(IReadOnlyList<int> tokens, bool policy, IReadOnlyList<float>? logProbs = null)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            Tokens.Add(tokens[i]);
            PolicyMask.Add(policy);
            SamplingLogProbs.Add(policy && logProbs is not null && i < logProbs.Count ? logProbs[i] : 0f);
        }
    }

    internal void End(string reason, bool terminated)
    {
        (Terminated, Truncated, EndReason) = (terminated, !terminated, reason);
        if (!terminated)
            Won = false;
    }
}
