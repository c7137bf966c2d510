using System.Text.RegularExpressions;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Math.Checking;

/// <summary>
/// The "math" answer checker: judges two answers equal when they denote the same mathematical object. Integers with
/// separators, decimals, fractions (<c>\frac</c>, <c>\dfrac</c>, <c>\cfrac</c>, <c>a/b</c>), radicals, pi, percentages,
/// degrees, units and <c>\text{}</c>, labels (<c>f(x) = 1</c>), <c>\pm</c>, intervals, tuples, sets and matrices are
/// understood; expressions with variables are compared at sample points; equations and inequalities compare as
/// relations (rearranged, scaled, reversed, or as the interval they describe). Never throws on model output.
/// </summary>
public sealed partial class MathChecker : IAnswerChecker
{
    /// <summary>The name data-task manifests use: <c>"checker": "math"</c>.</summary>
    public const string Name = "math";

    public Verdict Check(string expected, string? answer)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (string.IsNullOrWhiteSpace(answer))
            return Verdict.Wrong("no final answer found");
        if (answer.Length > MathNormalizer.MaxLength)
            return Verdict.Wrong($"the answer is {answer.Length} characters long; at most {MathNormalizer.MaxLength} are judged");
        return AreEquivalent(expected, answer)
            ? Verdict.Correct($"{Shorten(answer)} equals {Shorten(expected)}")
            : Verdict.Wrong($"expected {Shorten(expected)}, got {Shorten(answer)}");
    }

    /// <summary>True when both texts denote the same value (or structure of values).</summary>
    public static bool AreEquivalent(string? expected, string? answer)
    {
        try
        {
            var want = MathNormalizer.Normalize(expected, keepLabel: false, out var wantUnit);
            var got = MathNormalizer.Normalize(answer, keepLabel: false, out var gotUnit);
            if (want is null || got is null)
                return false;
            // A unit is ignored where one side has none, and must agree where both have one (cm^2 is not cm^3).
            if (wantUnit is not null && gotUnit is not null && !MathNormalizer.SameUnit(wantUnit, gotUnit))
                return false;
            if (MathAnswer.Equivalent(MathAnswer.Parse(want), MathAnswer.Parse(got)))
                return true;
            // Equations compare with their left sides kept ("y = 2x" is "2x - y = 0"); inequalities against intervals.
            var wantRelation = MathNormalizer.Normalize(expected, keepLabel: true);
            var gotRelation = MathNormalizer.Normalize(answer, keepLabel: true);
            return wantRelation is not null && gotRelation is not null && MathRelations.Equivalent(wantRelation, gotRelation);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException
            or System.Text.RegularExpressions.RegexMatchTimeoutException or IndexOutOfRangeException)
        {
            // Malformed model output is a wrong answer, not a crash.
            return false;
        }
    }

    /// <summary>
    /// True when the answer is one written number (after the usual wrappers go): "5,200", "$-12$", "x = 3", and with
    /// <paramref name="allowFraction"/> also "-3/4" or <c>\frac{3}{4}</c>. Procedural tasks whose prompt is itself an
    /// expression use it, so that copying "4821 + 379" back is not read as its value.
    /// </summary>
    public static bool IsFinalNumber(string? answer, bool allowFraction)
    {
        if (answer is null || answer.Length > MathNormalizer.MaxLength)
            return false;
        try
        {
            var s = MathNormalizer.Normalize(answer);
            if (s is null)
                return false;
            var compact = string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
            return WrittenNumber().IsMatch(compact) || allowFraction && WrittenFraction().IsMatch(compact);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Shorten(string text)
    {
        var t = text.Trim();
        return t.Length <= 60 ? $"'{t}'" : $"'{t[..57]}...'";
    }

    [GeneratedRegex(@"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex WrittenNumber();

    // Mixed numbers arrive rewritten by the normaliser: "2\frac{1}{2}" is "(2+\frac{1}{2})".
    [GeneratedRegex(@"^[-+]?(?:\d+/\d+|\\frac(?:\{[-+]?\d+\}\{\d+\}|\d\d)|\(\d+\+\\frac\{\d+\}\{\d+\}\))$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex WrittenFraction();
}
