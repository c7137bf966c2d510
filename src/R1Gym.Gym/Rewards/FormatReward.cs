using R1Gym.Testing;

namespace R1Gym.Gym;

/// <summary>
/// R1's format reward: <c>[&lt;think&gt;] reasoning &lt;/think&gt; answer</c>. The rule itself is
/// <see cref="CompletionFormat"/>, shared with the conformance check of reference solutions.
/// </summary>
public static class FormatReward
{
    /// <summary>1 when well formed, else 0. Never throws.</summary>
    public static double Score(string? completion) => Check(completion) is null ? 1.0 : 0.0;

    /// <summary>Null when well formed, else the first problem found (for verify output and tests).</summary>
    public static string? Check(string? completion) => CompletionFormat.Check(completion);
}
