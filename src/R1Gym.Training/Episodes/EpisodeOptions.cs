using System.ComponentModel.DataAnnotations;
using R1Gym.Gym;

namespace R1Gym.Training;

/// <summary>How an episode's step rewards become the one number GRPO compares within a group.</summary>
public enum EpisodeReturn
{
    /// <summary>The last step's reward (games that pay only at the end).</summary>
    Terminal,

    /// <summary>The sum of every step's reward.</summary>
    Sum,

    /// <summary>Σ γ^t r_t over environment steps, γ = <see cref="EpisodeOptions.Discount"/>: earlier rewards count more.</summary>
    Discounted,
}

/// <summary>
/// Limits and shape of multi-turn episodes. A single-turn task is an episode of one turn, so the defaults suit both.
/// </summary>
public sealed class EpisodeOptions
{
    /// <summary>Configuration section name ("Episodes").</summary>
    public const string SectionName = "Episodes";

    /// <summary>Policy turns (actions and tool calls) per episode; the episode is truncated after the last. Default: 8.</summary>
    [Range(1, 1000)]
    public int MaxTurns { get; set; } = 8;

    /// <summary>New tokens per turn (the generation budget of one action). Default: 256.</summary>
    [Range(1, 1_000_000)]
    public int MaxTokensPerTurn { get; set; } = 256;

    /// <summary>Tokens of the whole conversation (prompt, actions, observations); a turn that would pass it is not started and the episode is truncated. Default: 4096.</summary>
    [Range(2, 10_000_000)]
    public int MaxEpisodeTokens { get; set; } = 4096;

    /// <summary>Characters of one observation (environment or tool message) kept; the rest is cut with a note. Default: 4000.</summary>
    [Range(16, 10_000_000)]
    public int MaxObservationChars { get; set; } = 4000;

    /// <summary>How step rewards become the episode's return. Default: <see cref="EpisodeReturn.Sum"/>.</summary>
    public EpisodeReturn Return { get; set; } = EpisodeReturn.Sum;

    /// <summary>γ for <see cref="EpisodeReturn.Discounted"/>, in (0, 1]. Default: 1.</summary>
    [Range(1e-9, 1.0)]
    public double Discount { get; set; } = 1.0;

    /// <summary>Live episodes are split into this many generation batches per round, so one batch's environment steps and tool calls run while the next generates. Default: 2.</summary>
    [Range(1, 64)]
    public int GenerationChunks { get; set; } = 2;

    /// <summary>Tools the policy may call (tool-integrated reasoning), by registered name, for example ["csharp"]. Default: none.</summary>
    public List<string> Tools { get; set; } = [];

    /// <summary>Tool-call limits: calls per turn and per episode, time and output per call.</summary>
    public ToolBoxOptions ToolLimits { get; set; } = new();

    /// <summary>Every failure at once, as the options validation of the trainers reports them.</summary>
    public IReadOnlyList<string> Problems(int maxPositions)
    {
        var problems = new List<string>();
        if (MaxTokensPerTurn >= MaxEpisodeTokens)
            problems.Add($"MaxTokensPerTurn ({MaxTokensPerTurn}) must be below MaxEpisodeTokens ({MaxEpisodeTokens}), which also holds the prompt");
        if (MaxEpisodeTokens > maxPositions)
            problems.Add($"MaxEpisodeTokens ({MaxEpisodeTokens}) exceeds the model's {maxPositions} positions; lower it to at most {maxPositions}");
        if (Tools.Any(t => !ToolNames.IsValid(t)))
            problems.Add($"Tools must be registered tool names such as 'csharp', found {string.Join(", ", Tools.Where(t => !ToolNames.IsValid(t)))}");
        if (ToolLimits.MaxCallsPerTurn < 1 || ToolLimits.MaxCallsPerEpisode < 1 || ToolLimits.Limits.MaxOutputChars < 1 || ToolLimits.Limits.Timeout <= TimeSpan.Zero)
            problems.Add("ToolLimits need at least one call per turn and per episode, a positive output size and a positive timeout");
        return problems;
    }
}
