using R1Gym.Abstractions;

namespace R1Gym.Testing;

/// <summary>
/// R1's output format: <c>[&lt;think&gt;] reasoning &lt;/think&gt; answer</c>. The opening tag is optional because the
/// prompt template may already open the think block; everything else must be there exactly once. The host's format
/// reward and the conformance check of reference solutions both apply this rule.
/// </summary>
public static class CompletionFormat
{
    private const string AnswerOpen = "<answer>";
    private const string AnswerClose = "</answer>";

    /// <summary>Null when <paramref name="completion"/> is well formed, else the first problem found. Never throws.</summary>
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
