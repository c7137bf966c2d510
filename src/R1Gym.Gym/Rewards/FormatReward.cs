using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// R1's format reward: <c>[&lt;think&gt;] reasoning &lt;/think&gt; answer</c>. The opening tag is optional because the
/// prompt template may already open the think block; everything else must be there exactly once.
/// </summary>
public static class FormatReward
{
    private const string AnswerOpen = "<answer>";
    private const string AnswerClose = "</answer>";

    /// <summary>1 when well formed, else 0. Never throws.</summary>
    public static double Score(string? completion) => Check(completion) is null ? 1.0 : 0.0;

    /// <summary>Null when well formed, else the first problem found (for verify output and tests).</summary>
    public static string? Check(string? completion)
    {
        if (string.IsNullOrWhiteSpace(completion))
            return "empty completion";
        var text = completion.AsSpan().Trim();
        int close = text.IndexOf(Answers.ThinkClose, StringComparison.Ordinal);
        if (close < 0)
            return "no </think>: the reasoning is never closed";
        if (text[(close + Answers.ThinkClose.Length)..].IndexOf(Answers.ThinkClose, StringComparison.Ordinal) >= 0)
            return "more than one </think>";
        var head = text[..close];
        int open = head.IndexOf(Answers.ThinkOpen, StringComparison.Ordinal);
        if (open > 0)
            return "text before <think>";
        if (open == 0)
            head = head[Answers.ThinkOpen.Length..];
        if (head.IndexOf(Answers.ThinkOpen, StringComparison.Ordinal) >= 0)
            return "nested <think>";
        if (head.Trim().IsEmpty)
            return "empty reasoning";
        var tail = text[(close + Answers.ThinkClose.Length)..];
        if (tail.IndexOf(Answers.ThinkOpen, StringComparison.Ordinal) >= 0)
            return "<think> after the reasoning was closed";
        if (tail.Trim().IsEmpty)
            return "no answer after </think>";
        int answerOpen = tail.IndexOf(AnswerOpen, StringComparison.OrdinalIgnoreCase);
        int answerClose = tail.IndexOf(AnswerClose, StringComparison.OrdinalIgnoreCase);
        if ((answerOpen >= 0) != (answerClose >= 0) || answerClose >= 0 && answerClose < answerOpen)
            return "unbalanced <answer> tags";
        return null;
    }
}
