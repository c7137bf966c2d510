using System.Text;
using R1Gym.Abstractions;

namespace R1Gym.Training.Evaluation;

/// <summary>
/// The key under which maj@k counts votes: numbers in canonical form (<c>1,234.50</c> and <c>1234.5</c> agree), other
/// answers with LaTeX dressing, spaces and case removed (<c>\dfrac{1}{2}</c> and <c>\frac12</c> do not agree: voting is
/// conservative, the verifier stays the judge of correctness). Never throws.
/// </summary>
public static class AnswerNormalizer
{
    private static readonly string[] Dressing = ["\\left", "\\right", "\\!", "\\,", "\\;", "\\quad", "$", "\\displaystyle"];

    public static string? Normalize(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
            return null;
        var text = answer.Trim();
        if (text.Length > 1000)
            text = text[..1000];
        if (Numbers.Normalize(text) is { } number)
            return number;
        text = text.Replace("\\dfrac", "\\frac", StringComparison.Ordinal).Replace("\\tfrac", "\\frac", StringComparison.Ordinal);
        text = UnwrapText(text);
        foreach (var d in Dressing)
            text = text.Replace(d, "", StringComparison.Ordinal);
        var compact = new StringBuilder(text.Length);
        foreach (var ch in text)
            if (!char.IsWhiteSpace(ch))
                compact.Append(char.ToLowerInvariant(ch));
        var key = compact.ToString().TrimEnd('.');
        if (Numbers.Normalize(key) is { } inner)
            return inner;
        return key.Length == 0 ? null : key;
    }

    /// <summary><c>\text{cm}</c> becomes <c>cm</c> (also <c>\textbf</c>, <c>\mathrm</c>).</summary>
    private static string UnwrapText(string text)
    {
        foreach (var command in new[] { "\\textbf{", "\\text{", "\\mathrm{", "\\mbox{" })
        {
            int at;
            while ((at = text.IndexOf(command, StringComparison.Ordinal)) >= 0)
            {
                int close = text.IndexOf('}', at + command.Length);
                if (close < 0)
                    break;
                text = string.Concat(text.AsSpan(0, at), text.AsSpan(at + command.Length, close - at - command.Length), text.AsSpan(close + 1));
            }
        }
        return text;
    }
}
