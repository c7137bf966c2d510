namespace R1Gym.Abstractions;

/// <summary>
/// A single-turn reasoning task: a seeded generator, a rule-based verifier and an optional reference solver.
/// Most authors derive from <see cref="ReasoningTask{TOptions}"/> instead of implementing this directly.
/// </summary>
public interface IReasoningTask
{
    /// <summary>Generates problem <paramref name="index"/> of the stream for <paramref name="seed"/>. Must be pure.</summary>
    Problem Generate(long seed, int index);

    /// <summary>Scores a completion. Never throws on model output: bad input scores 0 with a reason.</summary>
    ValueTask<Verdict> VerifyAsync(VerifyArgs args, CancellationToken cancellationToken = default);

    /// <summary>
    /// A worked solution in the R1 format (reasoning inside &lt;think&gt;...&lt;/think&gt;, then the answer),
    /// or null when the task has no reference solver. Used as cold-start SFT data.
    /// </summary>
    string? Solve(Problem problem);
}

/// <summary>The input of a verifier.</summary>
/// <param name="Problem">The problem that was posed.</param>
/// <param name="Completion">The model's full output (reasoning and answer); may be empty or hostile.</param>
public sealed record VerifyArgs(Problem Problem, string Completion)
{
    /// <summary>The final answer as the standard extraction chain reads it (see <see cref="Answers.Extract"/>).</summary>
    public string? FinalAnswer => Answers.Extract(Completion);
}
