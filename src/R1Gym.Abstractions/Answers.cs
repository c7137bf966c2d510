using System.Text.RegularExpressions;

namespace R1Gym.Abstractions;

/// <summary>
/// Answer extraction from model output. Each helper returns null when nothing usable was found;
/// none throws, whatever the input.
/// </summary>
public static partial class Answers
{
    public const string ThinkOpen = "<think>";
    public const string ThinkClose = "</think>";

    /// <summary>Inputs longer than this are judged by their last part only, so hostile output stays cheap.</summary>
    public const int MaxScannedLength = 64 * 1024;

    /// <summary>
    /// The standard chain: the text after the last <c>&lt;/think&gt;</c> (null when a <c>&lt;think&gt;</c> is
    /// left unclosed), then inside it the <c>&lt;answer&gt;</c> tag, else the last <c>\boxed{}</c>, else
    /// GSM8K's <c>#### n</c>, else the whole remaining text, trimmed.
    /// </summary>
    public static string? Extract(string? completion)
    {
        var final = AfterThink(completion);
        if (final is null)
            return null;
        return Tagged(final, "answer") ?? LastBoxed(final) ?? Gsm8k(final) ?? NullIfEmpty(final.Trim());
    }

    /// <summary>
    /// The text after the last <c>&lt;/think&gt;</c>; the whole text when there is no think block;
    /// null when a think block is opened and never closed (the model never answered).
    /// </summary>
    public static string? AfterThink(string? completion)
    {
        if (string.IsNullOrEmpty(completion))
            return null;
        var text = Tail(completion);
        int close = text.LastIndexOf(ThinkClose, StringComparison.Ordinal);
        if (close >= 0)
            return text[(close + ThinkClose.Length)..];
        return text.Contains(ThinkOpen, StringComparison.Ordinal) ? null : text;
    }

    /// <summary>The content of the last <c>&lt;tag&gt;...&lt;/tag&gt;</c> pair, trimmed.</summary>
    public static string? Tagged(string? text, string tag)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        text = Tail(text);
        string open = $"<{tag}>", close = $"</{tag}>";
        int end = text.LastIndexOf(close, StringComparison.OrdinalIgnoreCase);
        if (end < 0)
            return null;
        int start = text.LastIndexOf(open, end, StringComparison.OrdinalIgnoreCase);
        return start < 0 ? null : NullIfEmpty(text[(start + open.Length)..end].Trim());
    }

    /// <summary>The content of the last <c>\boxed{...}</c> (or <c>\fbox{...}</c>), with nested braces balanced.</summary>
    public static string? LastBoxed(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        text = Tail(text);
        int at = Math.Max(text.LastIndexOf("\\boxed", StringComparison.Ordinal), text.LastIndexOf("\\fbox", StringComparison.Ordinal));
        if (at < 0)
            return null;
        // Match every brace once, up front: scanning forward from each candidate would be quadratic on hostile
        // input such as thousands of unclosed "\\boxed{".
        var closing = MatchBraces(text);
        while (at >= 0)
        {
            int brace = text.IndexOf('{', at);
            if (brace >= 0 && text[at..brace].Trim() is "\\boxed" or "\\fbox" && closing[brace] > brace)
                return NullIfEmpty(text[(brace + 1)..closing[brace]].Trim());
            at = at == 0 ? -1 : Math.Max(
                text.LastIndexOf("\\boxed", at - 1, StringComparison.Ordinal),
                text.LastIndexOf("\\fbox", at - 1, StringComparison.Ordinal));
        }
        return null;
    }

    /// <summary>For each '{' the index of its matching '}', or -1 when it is never closed.</summary>
    private static int[] MatchBraces(string text)
    {
        var closing = new int[text.Length];
        var open = new Stack<int>();
        for (int i = 0; i < text.Length; i++)
        {
            closing[i] = -1;
            if (text[i] == '{')
                open.Push(i);
            else if (text[i] == '}' && open.Count > 0)
                closing[open.Pop()] = i;
        }
        return closing;
    }

    /// <summary>GSM8K's final answer: the text after the last <c>####</c> on its line.</summary>
    public static string? Gsm8k(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        text = Tail(text);
        int at = text.LastIndexOf("####", StringComparison.Ordinal);
        if (at < 0)
            return null;
        var rest = text[(at + 4)..];
        int newline = rest.IndexOf('\n');
        return NullIfEmpty((newline >= 0 ? rest[..newline] : rest).Trim());
    }

    /// <summary>The last number in the text (with sign, separators and decimals), or null.</summary>
    public static string? LastNumber(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        var matches = NumberPattern().Matches(Tail(text));
        return matches.Count == 0 ? null : matches[^1].Value;
    }

    private static string Tail(string text) =>
        text.Length <= MaxScannedLength ? text : text[^MaxScannedLength..];

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    [GeneratedRegex(@"[-\u2212]?\d[\d,]*(?:\.\d+)?", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NumberPattern();
}
