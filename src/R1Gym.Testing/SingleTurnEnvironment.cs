using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Testing;

/// <summary>
/// Plays a single-turn task as a one-step episode: reset shows the prompt, the one step is verified and
/// terminates with the verifier's score as reward (correctness only; shaping is layered on top by rewards).
/// </summary>
public sealed class SingleTurnEnvironment : IEnvironment
{
    private readonly IReasoningTask _task;
    private Problem? _problem;
    private bool _done;

    public SingleTurnEnvironment(IReasoningTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _task = task;
    }

    /// <summary>The problem of the current episode, null before the first reset.</summary>
    public Problem? Problem => _problem;

    public ValueTask<Observation> ResetAsync(long seed, int index, CancellationToken cancellationToken = default)
    {
        _problem = _task.Generate(seed, index);
        _done = false;
        return ValueTask.FromResult(new Observation(_problem.Prompt)
        {
            Info = new JsonObject { ["seed"] = seed, ["index"] = index, ["difficulty"] = _problem.Difficulty },
        });
    }

    public async ValueTask<StepResult> StepAsync(string action, CancellationToken cancellationToken = default)
    {
        if (_problem is null)
            throw new InvalidOperationException("Call ResetAsync before StepAsync.");
        if (_done)
            throw new InvalidOperationException("The episode is over (single-turn tasks take one step); call ResetAsync to start another.");
        _done = true;
        var verdict = await _task.VerifyAsync(new VerifyArgs(_problem, action ?? ""), cancellationToken).ConfigureAwait(false);
        return new StepResult("", verdict.Score, Terminated: true, Truncated: false) { Verdict = verdict };
    }

    public string? ReferenceAction() => _problem is null || _done ? null : _task.Solve(_problem);
}
