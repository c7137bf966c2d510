using System.Text.Json.Nodes;

namespace R1Gym.Abstractions;

/// <summary>
/// A multi-turn, game-style environment (Gymnasium's API with text observations and actions).
/// One instance plays one episode at a time; the gym creates one instance per concurrent episode.
/// </summary>
public interface IEnvironment
{
    /// <summary>Starts episode (seed, index); the same pair always yields the same episode.</summary>
    ValueTask<Observation> ResetAsync(long seed, int index, CancellationToken cancellationToken = default);

    /// <summary>Applies the agent's action (its full text output). Never throws on model output.</summary>
    ValueTask<StepResult> StepAsync(string action, CancellationToken cancellationToken = default);

    /// <summary>The reference policy's action for the current state, or null when the environment has none.</summary>
    string? ReferenceAction();
}

/// <summary>What the agent sees after a reset.</summary>
public sealed record Observation(string Text)
{
    public JsonObject? Info { get; init; }
}

/// <summary>The outcome of one step.</summary>
/// <param name="Observation">What the agent sees next (feedback, the opponent's move, ...).</param>
/// <param name="Reward">The reward for this step; terminal rewards are in [0, 1].</param>
/// <param name="Terminated">The episode reached a terminal state (won, lost, answered).</param>
/// <param name="Truncated">The episode was cut short (turn limit) before a terminal state.</param>
public sealed record StepResult(string Observation, double Reward, bool Terminated, bool Truncated)
{
    public JsonObject? Info { get; init; }

    /// <summary>The verifier's verdict when this step was judged by one (single-turn tasks).</summary>
    public Verdict? Verdict { get; init; }

    public bool Done => Terminated || Truncated;
}
