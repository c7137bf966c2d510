namespace R1Gym.Abstractions;

/// <summary>The DeepSeek-R1 output format: reasoning inside &lt;think&gt;...&lt;/think&gt;, then the answer.</summary>
public static class R1Format
{
    /// <summary>Writes a worked solution: <c>&lt;think&gt;\n{reasoning}\n&lt;/think&gt;\n{answer}</c>.</summary>
    public static string Compose(string reasoning, string answer)
    {
        ArgumentNullException.ThrowIfNull(reasoning);
        ArgumentNullException.ThrowIfNull(answer);
        return $"{Answers.ThinkOpen}\n{reasoning.Trim()}\n{Answers.ThinkClose}\n{answer.Trim()}";
    }

    /// <summary>
    /// The reasoning of a completion: the text before the first <c>&lt;/think&gt;</c>, after its
    /// <c>&lt;think&gt;</c> when the completion opens one itself (the prompt template may already have).
    /// Null when the think block is never closed.
    /// </summary>
    public static string? Reasoning(string? completion)
    {
        if (string.IsNullOrEmpty(completion))
            return null;
        int close = completion.IndexOf(Answers.ThinkClose, StringComparison.Ordinal);
        if (close < 0)
            return null;
        int open = completion.LastIndexOf(Answers.ThinkOpen, close, StringComparison.Ordinal);
        return open < 0 ? completion[..close] : completion[(open + Answers.ThinkOpen.Length)..close];
    }
}
