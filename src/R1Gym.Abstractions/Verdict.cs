using System.Text.Json.Nodes;

namespace R1Gym.Abstractions;

/// <summary>
/// What a verifier concluded about one completion. Correctness only: reward shaping
/// (format, language, length) is composed on top by the gym.
/// </summary>
/// <param name="Score">In [0, 1]; 1 means fully correct. Partial credit is allowed (for example tests passed).</param>
/// <param name="Reason">A short human-readable reason, such as "expected 42, got 41".</param>
public sealed record Verdict(double Score, string Reason)
{
    /// <summary>Optional structured details, such as per-test results.</summary>
    public JsonObject? Details { get; init; }

    /// <summary>True when the score is 1.</summary>
    public bool IsCorrect => Score >= 1.0;

    public static Verdict Correct(string reason = "correct") => new(1.0, reason);

    public static Verdict Wrong(string reason) => new(0.0, reason);

    /// <summary>A verdict with partial credit; the score is clamped to [0, 1] and NaN becomes 0.</summary>
    public static Verdict Partial(double score, string reason) =>
        new(double.IsNaN(score) ? 0.0 : Math.Clamp(score, 0.0, 1.0), reason);
}
