namespace R1Gym.Abstractions;

/// <summary>
/// One task instance: a pure function of (seed, index) for a given task and options.
/// </summary>
/// <param name="Prompt">What the model is asked, in plain text (the gym wraps it in the chat template).</param>
/// <param name="Answer">The ground truth as a string; the task's verifier decides how to compare against it.</param>
/// <param name="Difficulty">A task-defined level, 0 when the task has no levels.</param>
public sealed record Problem(string Prompt, string Answer, int Difficulty = 0)
{
    /// <summary>Task-specific data the verifier or solver needs (for example a JSON test specification).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    /// <summary>The (seed, index) pair this problem was generated from; set by the gym.</summary>
    public ProblemKey Key { get; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata = new Dictionary<string, string>();
}

/// <summary>Identifies a generated problem: the same key always yields the same problem.</summary>
public readonly record struct ProblemKey(long Seed, int Index)
{
    public override string ToString() => $"{Seed}:{Index}";
}
