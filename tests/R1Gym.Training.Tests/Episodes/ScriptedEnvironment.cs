using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Training.Tests;

/// <summary>
/// A deterministic game in the tiny vocabulary: the observation is "Qb", then "bb" after each move; after
/// <c>turns</c> moves it ends with reward = the share of 'a' in the last move. An empty move is invalid (flagged in info).
/// </summary>
internal sealed class ScriptedEnvironment(int turns) : IEnvironment
{
    private int _moves;

    public ValueTask<Observation> ResetAsync(long seed, int index, CancellationToken cancellationToken = default)
    {
        _moves = 0;
        return ValueTask.FromResult(new Observation("Qb"));
    }

    public ValueTask<StepResult> StepAsync(string action, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(action))
            return ValueTask.FromResult(new StepResult("bb", 0, false, false) { Info = new JsonObject { ["invalid"] = true } });
        if (++_moves < turns)
            return ValueTask.FromResult(new StepResult("bb", 0, false, false));
        double share = action.Count(c => c == 'a') / (double)action.Length;
        return ValueTask.FromResult(new StepResult("", share, true, false));
    }

    public string? ReferenceAction() => _moves < turns ? "aa" : null;
}
