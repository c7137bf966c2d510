using System.Text;
using System.Text.RegularExpressions;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Math.Checking;

/// <summary>
/// Rewrites a LaTeX-ish answer into a canonical text the structure parser reads: wrappers, spacing commands,
/// <c>\text{}</c>, units, degrees, percent and dollar signs go; <c>\dfrac</c> and <c>\cfrac</c> become <c>\frac</c>;
/// a labelled answer ("x = 3", "f(x) = 3", "(p, q) = (3, 2)", "|AB| = 3") becomes its value; relations are written
/// with one character each (<c>\geq</c> and <c>&gt;=</c> are both ≥, <c>\not&lt;</c> is ≥).
/// </summary>
internal static partial class MathNormalizer
{
    /// <summary>Answers longer than this are not parsed (hostile output stays cheap).</summary>
    public const int MaxLength = 1000;

    private static readonly (string From, string To)[] Replacements =
    [
        ("\u2212", "-"), ("\u2013", "-"), ("\u00b7", "*"), ("\u00d7", "*"), ("\u00f7", "/"), ("\u03c0", "\\pi "),
        ("\u221a", "\\sqrt"), ("\u221e", "\\infty "), ("\u00b1", "\\pm "), ("\u2213", "\\mp "), ("\u00b0", ""), ("\u222a", "\\cup "),
        ("\\left", ""), ("\\right", ""), ("\\bigl", ""), ("\\bigr", ""), ("\\Bigl", ""), ("\\Bigr", ""),
        ("\\displaystyle", ""), ("\\(", ""), ("\\)", ""), ("\\[", ""), ("\\]", ""), (",\\! ", ","), (",\\!", ","), ("\\!", ""), ("\\,", ""), ("\\;", ""), ("\\:", ""), ("\\ ", " "), ("~", " "),
        ("\\qquad", " "), ("\\quad", " "),
        ("{,}", ""), ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"), ("\\cfrac", "\\frac"), ("\\cdot", "*"), ("\\times", "*"), ("\\div", "/"),
        ("^{\\circ}", ""), ("^\\circ", ""), ("\\circ", ""), ("\\degree", ""), ("\\%", ""), ("%", ""), ("\\$", ""), ("$", ""),
        ("\\infinity", "\\infty"), ("\\emptyset", "\\{\\}"), ("\\varnothing", "\\{\\}"),
        ("<=", "\u2264"), (">=", "\u2265"), ("\u2a7d", "\u2264"), ("\u2a7e", "\u2265"),
    ];

    private const string RowBreakPlaceholder = "\u0001";

    private static readonly string[] TextCommands = [
        "\\text", "\\textbf", "\\textrm", "\\textnormal", "\\textit", "\\textsf", "\\texttt", "\\mathrm", "\\mathbf",
        "\\mathit", "\\mathsf", "\\mbox", "\\operatorname",
    ];

    /// <summary>
    /// The canonical form, or null when the text is empty or too long to judge. With <paramref name="keepLabel"/> a
    /// leading "x =" stays, for comparing equations as equations.
    /// </summary>
    public static string? Normalize(string? text, bool keepLabel = false) => Normalize(text, keepLabel, out _);

    /// <summary>The canonical form, and the unit words stripped after a value ("cm^2"), or null when there were none.</summary>
    public static string? Normalize(string? text, bool keepLabel, out string? unit)
    {
        unit = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
            return null;
        var s = text.Trim();
        if (s.Contains("\\boxed", StringComparison.Ordinal) || s.Contains("\\fbox", StringComparison.Ordinal))
            s = Answers.Extract(s) ?? s;
        // Protect LaTeX row breaks (matrices) from the single-backslash spacing commands below.
        s = s.Replace("\\\\", RowBreakPlaceholder, StringComparison.Ordinal);
        foreach (var (from, to) in Replacements)
            s = s.Replace(from, to, StringComparison.Ordinal);
        s = s.Replace(RowBreakPlaceholder, "\\\\", StringComparison.Ordinal);
        s = MathRelations.Canonical(s);
        foreach (var command in TextCommands)
            s = Unwrap(s, command);
        s = s.Trim().TrimEnd('.').Trim();
        if (!keepLabel)
            s = AssignmentPrefix().Replace(s, "");
        s = MixedNumber().Replace(s, "(${whole}+\\frac{${numerator}}{${denominator}})");
        // Between inequalities "and" and "or" are intersection and union; between values, both list the answers.
        s = MathRelations.HasInequality(s)
            ? SpokenList().Replace(s, m => m.Value.Trim() == "or" ? " \\lor " : " \\land ")
            : SpokenList().Replace(s, ",");
        if (UnitSuffix().Match(s) is { Success: true } withUnit)
        {
            unit = withUnit.Groups["unit"].Value;
            s = withUnit.Groups["value"].Value;
        }
        s = ChoiceLetter().Replace(s, "${letter}");
        s = s.Trim();
        return s.Length == 0 ? null : s;
    }

    /// <summary>
    /// True when two stripped units have the same dimension: a length is not an area (<c>inches^2</c> is not
    /// <c>inches^3</c>, "square feet" is not "feet"). Their names are not compared, so "in" and "inches" agree.
    /// </summary>
    public static bool SameUnit(string a, string b) => Power(a) == Power(b);

    private static int Power(string unit)
    {
        var u = unit.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal).ToLowerInvariant();
        var words = u.Split([' ', '^', '.'], StringSplitOptions.RemoveEmptyEntries);
        if (u.Contains("^3", StringComparison.Ordinal) || words.Any(w => w is "cubic" or "cubed" or "cu"))
            return 3;
        if (u.Contains("^2", StringComparison.Ordinal) || words.Any(w => w is "square" or "squared" or "sq"))
            return 2;
        return 1;
    }

    /// <summary>Drops a leading "x =" (or "x \\in") from one value of a list.</summary>
    public static string StripAssignment(string value) => AssignmentPrefix().Replace(value, "");

    /// <summary>True for integers and decimals written with thousands separators, such as 1,234,567.89.</summary>
    public static bool IsThousands(string text) => ThousandsPattern().IsMatch(text);

    /// <summary>Replaces <c>\text{content}</c> by its content (braces balanced).</summary>
    private static string Unwrap(string s, string command)
    {
        int at = s.IndexOf(command + "{", StringComparison.Ordinal);
        if (at < 0)
            return s;
        var result = new StringBuilder(s.Length);
        int position = 0;
        while (at >= 0)
        {
            int open = at + command.Length, depth = 0, close = -1;
            for (int i = open; i < s.Length; i++)
            {
                if (s[i] == '{')
                    depth++;
                else if (s[i] == '}' && --depth == 0)
                {
                    close = i;
                    break;
                }
            }
            if (close < 0)
                break;
            result.Append(s, position, at - position).Append(' ').Append(s, open + 1, close - open - 1).Append(' ');
            position = close + 1;
            at = s.IndexOf(command + "{", position, StringComparison.Ordinal);
        }
        return result.Append(s, position, s.Length - position).ToString();
    }

    // "x = 3", "k=-2", "x \in [1, 2]", and other labels naming the value asked for: "f(x) = 3", "a_{10} = 3",
    // "(p, q) = (3, 2)", "|AB| = 3", "AB = 3", "\angle ABC = 30": the answer is the right-hand side. A left side with a
    // number or an operation in it ("2x = 6", "x^2 = 4") is an equation, not a label, and stays.
    [GeneratedRegex(@"^(?:(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_(?:\{\w+\}|\w+))?'*(?:\([^()=]*\))?|\(\s*(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_(?:\{\w+\}|\w+))?(?:\s*,\s*(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_(?:\{\w+\}|\w+))?)+\s*\)|\|[a-zA-Z\s]+\||[A-Z]{2,3}|\\overline\{[A-Z]{2,3}\}|m?\\angle\s*[A-Z]{1,3})\s*(?:=|\\in(?![a-z]))\s*(?=\S)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex AssignmentPrefix();

    // "2\frac{1}{2}" is the mixed number 2 1/2 (as MATH writes it), not 2 x 1/2.
    [GeneratedRegex(@"(?<![\d.}^_])(?<whole>\d+)\\frac(?:\{(?<numerator>\d+)\}\{(?<denominator>\d+)\}|(?<numerator>\d)(?<denominator>\d))", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex MixedNumber();

    // "2 or 3", "x = 1 and x = 4" (after \text{} is unwrapped): a list of answers.
    [GeneratedRegex(@"\s+(?:or|and)\s+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex SpokenList();

    // "5 cm", "12 square units", "3.5 mph", "20 dollars", "\frac13 \text{ meters}" (unwrapped by then): a value with
    // no words, then words only. A value may hold commands (\frac, \sqrt, \pi) but must end where a unit can follow.
    [GeneratedRegex(@"^(?<value>(?:[^a-zA-Z\\]|\\(?:frac|sqrt|pi)(?![a-zA-Z]))*\d(?:[^a-zA-Z\\]|\\(?:frac|sqrt|pi)(?![a-zA-Z]))*?)\s*(?<unit>(?!pi\b|sqrt|or\b|and\b)[a-zA-Z]{2,}\.?(?:\s+(?!pi\b|sqrt|or\b|and\b)[a-zA-Z]{2,}\.?)*\s*(?:\^?\{?[23]\}?)?)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex UnitSuffix();

    // Multiple choice: "(C)" is "C".
    [GeneratedRegex(@"^\(\s*(?<letter>[A-Ea-e])\s*\)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex ChoiceLetter();

    // Groups of exactly three digits after a first group of one to three that does not start with 0: "0,111" and
    // "32, 349" are two numbers, not 111 and 32349.
    [GeneratedRegex(@"^[-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex ThousandsPattern();
}
