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
    /// left unclosed), then inside it the <c>&lt;answer&gt;</c> tag, else the last <c>\boxed{}</c> (with the boxes just
    /// before it when only list words separate them: <c>\boxed{2} and \boxed{3}</c> reads "2, 3"), else
    /// GSM8K's <c>#### n</c>, else the whole remaining text, trimmed.
    /// </summary>
    public static string? Extract(string? completion)
    {
        var final = AfterThink(completion);
        if (final is null)
            return null;
        return Tagged(final, "answer") ?? FinalBoxes(final) ?? Gsm8k(final) ?? NullIfEmpty(final.Trim());
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
        if (text.IndexOf("\\boxed", StringComparison.Ordinal) < 0 && text.IndexOf("\\fbox", StringComparison.Ordinal) < 0)
            return null;
        // Match every brace once, up front: scanning forward from each candidate would be quadratic on hostile
        // input such as thousands of unclosed "\\boxed{".
        var closing = MatchBraces(text);
        return BoxBefore(text, closing, text.Length) is { } box ? NullIfEmpty(text[(box.Brace + 1)..box.Close].Trim()) : null;
    }

    /// <summary>
    /// The last box and the boxes right before it that only list words separate ("and", "or", commas, math
    /// delimiters, spacing, a label such as <c>x_2 =</c>), joined with ", ": a model that boxes each root gives them all.
    /// </summary>
    private static string? FinalBoxes(string text)
    {
        text = Tail(text);
        if (text.IndexOf("\\boxed", StringComparison.Ordinal) < 0 && text.IndexOf("\\fbox", StringComparison.Ordinal) < 0)
            return null;
        var closing = MatchBraces(text);
        if (BoxBefore(text, closing, text.Length) is not { } last)
            return null;
        var contents = new List<string> { text[(last.Brace + 1)..last.Close].Trim() };
        for (var box = last; contents.Count < MaxJoinedBoxes && BoxBefore(text, closing, box.Start) is { } previous; box = previous)
        {
            if (box.Start - previous.Close > MaxSeparatorLength || !ListSeparator().IsMatch(text[(previous.Close + 1)..box.Start]))
                break;
            contents.Insert(0, text[(previous.Brace + 1)..previous.Close].Trim());
        }
        contents.RemoveAll(c => c.Length == 0);
        return contents.Count == 0 ? null : string.Join(", ", contents);
    }

    private const int MaxJoinedBoxes = 16;
    private const int MaxSeparatorLength = 80;

    /// <summary>The last closed box that ends before <paramref name="limit"/>: its start, opening brace and closing brace.</summary>
    private static (int Start, int Brace, int Close)? BoxBefore(string text, int[] closing, int limit)
    {
        int at = LastBoxStart(text, limit - 1);
        while (at >= 0)
        {
            int brace = text.IndexOf('{', at);
            if (brace >= 0 && text[at..brace].Trim() is "\\boxed" or "\\fbox" && closing[brace] > brace && closing[brace] < limit)
                return (at, brace, closing[brace]);
            at = at == 0 ? -1 : LastBoxStart(text, at - 1);
        }
        return null;
    }

    private static int LastBoxStart(string text, int from) =>
        from < 0 ? -1 : Math.Max(text.LastIndexOf("\\boxed", from, StringComparison.Ordinal), text.LastIndexOf("\\fbox", from, StringComparison.Ordinal));

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

    // What may stand between boxes that list one answer: "$\\boxed{2}$ and $\\boxed{3}$", "\\boxed{2}, x_2 = \\boxed{3}".
    [GeneratedRegex(@"^(?:\s|\$|\\[()\[\],;]|[,;]|\\q?quad|\\text\{\s*(?:and|or)\s*\}|\b(?:and|or)\b|(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_(?:\{\w+\}|\w+))?\s*=)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ListSeparator();
}
