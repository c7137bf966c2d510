using R1Gym.Abstractions;

namespace R1Gym.Testing;

/// <summary>Plays episodes with an environment's own reference policy (<see cref="IEnvironment.ReferenceAction"/>).</summary>
public static class ReferencePolicy
{
    /// <summary>
    /// Resets <paramref name="environment"/> to (seed, index) and takes the reference action until the episode ends, the
    /// policy has no action, or <paramref name="maxSteps"/> steps were taken. An environment without a reference policy
    /// gives an episode with no steps. A step that takes longer than <c>stepTimeout</c> (null: no limit) throws a
    /// <see cref="TimeoutException"/>.
    /// </summary>
    public static async Task<Episode> PlayAsync(
        IEnvironment environment, long seed, int index, int maxSteps = 1000, TimeSpan? stepTimeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSteps);
        var start = await environment.ResetAsync(seed, index, cancellationToken).ConfigureAwait(false);
        var steps = new List<EpisodeStep>();
        while (steps.Count < maxSteps && environment.ReferenceAction() is { } action)
        {
            var result = stepTimeout is { } timeout
                ? await Checks.WithTimeout(ct => environment.StepAsync(action, ct), timeout, cancellationToken).ConfigureAwait(false)
                : await environment.StepAsync(action, cancellationToken).ConfigureAwait(false);
            steps.Add(new EpisodeStep(action, result));
            if (result.Done)
                break;
        }
        return new Episode(start, steps);
    }
}

/// <summary>One action of an episode and what the environment answered.</summary>
public sealed record EpisodeStep(string Action, StepResult Result);

/// <summary>A played episode: the first observation and every step.</summary>
public sealed record Episode(Observation Start, IReadOnlyList<EpisodeStep> Steps)
{
    /// <summary>True when the last step reached a terminal state (won, lost, answered), not a turn limit.</summary>
    public bool Terminated => Steps.Count > 0 && Steps[^1].Result.Terminated;

    /// <summary>The reward of the last step (terminal rewards are in [0, 1]); 0 when no step was taken.</summary>
    public double FinalReward => Steps.Count > 0 ? Steps[^1].Result.Reward : 0.0;

    /// <summary>The sum of every step's reward.</summary>
    public double TotalReward => Steps.Sum(s => s.Result.Reward);
}
