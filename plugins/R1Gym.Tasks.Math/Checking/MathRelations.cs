using System.Text.RegularExpressions;

namespace R1Gym.Tasks.Math.Checking;

/// <summary>
/// Equations and inequalities as answers. Two equations are equal when one is the other rearranged or scaled
/// (<c>2x+4y-3=0</c> is <c>y=-\frac12x+\frac34</c>): their differences of sides are proportional. Two inequalities are
/// equal when the differences are proportional by a positive factor with the same strictness (<c>5 \geq x</c> is
/// <c>x \leq 5</c> and <c>-x \geq -5</c>). An inequality in one variable also equals the interval or union it
/// describes (<c>-1 &lt; a &lt; 10</c> is <c>(-1, 10)</c>).
/// </summary>
internal static partial class MathRelations
{
    public const char LessOrEqual = '\u2264';
    public const char GreaterOrEqual = '\u2265';

    /// <summary>Ratios of the two sides' differences agree to this relative tolerance at every sample point.</summary>
    private const double RatioTolerance = 1e-9;

    /// <summary>Writes every relation with one character: <c>\leq</c>, <c>\le</c>, <c>\leqslant</c> are ≤; <c>\not&lt;</c> is ≥.</summary>
    public static string Canonical(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal))
            return s;
        s = LessCommand().Replace(s, LessOrEqual.ToString());
        s = GreaterCommand().Replace(s, GreaterOrEqual.ToString());
        s = StrictCommand().Replace(s, m => m.Groups["cmd"].Value == "lt" ? "<" : ">");
        s = NegatedCommand().Replace(s, m => m.Groups["cmd"].Value switch
        {
            "nless" => GreaterOrEqual.ToString(),
            "ngtr" => LessOrEqual.ToString(),
            var c when c.StartsWith("nl", StringComparison.Ordinal) => ">",
            _ => "<",
        });
        // Over the reals "not less than" is "greater than or equal", and so on.
        return NotRelation().Replace(s, m => m.Groups["op"].Value[0] switch
        {
            '<' => GreaterOrEqual.ToString(),
            '>' => LessOrEqual.ToString(),
            LessOrEqual => ">",
            _ => "<",
        });
    }

    /// <summary>True when an inequality sign stands outside every bracket (<c>\sum_{k=1}</c> is no equation).</summary>
    public static bool HasInequality(string s) => TopLevel(s, ['<', '>', LessOrEqual, GreaterOrEqual]);

    /// <summary>True when an equality or inequality sign stands outside every bracket.</summary>
    public static bool HasRelation(string s) => TopLevel(s, ['=', '<', '>', LessOrEqual, GreaterOrEqual]);

    private static bool TopLevel(string s, char[] signs)
    {
        int depth = 0;
        foreach (char c in s)
        {
            if (c is '(' or '[' or '{')
                depth++;
            else if (c is ')' or ']' or '}')
                depth = System.Math.Max(0, depth - 1);
            else if (depth == 0 && signs.Contains(c))
                return true;
        }
        return false;
    }

    /// <summary>True when both relations (normalised, labels kept) denote the same equation, inequality or set of reals.</summary>
    public static bool Equivalent(string want, string got)
    {
        string a = Compact(want), b = Compact(got);
        if (!HasRelation(a) && !HasRelation(b))
            return false;
        var sa = RealIntervals.Of(a, out var va);
        var sb = RealIntervals.Of(b, out var vb);
        if (sa is not null && sb is not null && (va is not null || vb is not null))
            return (va is null || vb is null || va == vb) && RealIntervals.Same(sa, sb);
        return Link.Parse(a) is { } la && Link.Parse(b) is { } lb && la.Op == lb.Op && Proportional(la, lb, positive: la.Op != '=');
    }

    private static string Compact(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>
    /// True when <c>left - right</c> of one is a constant (positive when asked) multiple of the other's, at every sample
    /// point where both are defined, with the same variables and two such points at least.
    /// </summary>
    private static bool Proportional(Link x, Link y, bool positive)
    {
        if (x.Difference is not { } fx || y.Difference is not { } fy || !fx.Variables.SetEquals(fy.Variables) || fx.Variables.Count == 0)
            return false;
        double? ratio = null;
        int compared = 0;
        foreach (var point in Sampling.Points(fx.Variables))
        {
            var (a, scaleA) = x.Evaluate(point);
            var (b, scaleB) = y.Evaluate(point);
            if (!double.IsFinite(a) || !double.IsFinite(b))
                continue;
            bool zeroA = System.Math.Abs(a) <= RatioTolerance * scaleA, zeroB = System.Math.Abs(b) <= RatioTolerance * scaleB;
            if (zeroA || zeroB)
            {
                if (zeroA != zeroB)
                    return false;
                continue;
            }
            double r = a / b;
            ratio ??= r;
            if (!Sampling.AreClose(r, ratio.Value, RatioTolerance))
                return false;
            compared++;
        }
        return compared >= 2 && (!positive || ratio > 0);
    }

    /// <summary>One relation <c>left op right</c>, written with <c>=</c>, <c>&lt;</c> or ≤ (greater-than flips the sides).</summary>
    internal sealed record Link(string Left, char Op, string Right)
    {
        private readonly MathExpression? _left = MathExpression.TryParse(Left);
        private readonly MathExpression? _right = MathExpression.TryParse(Right);

        /// <summary>The parsed sides as one object with the union of their variables, or null when a side does not parse.</summary>
        public MathExpression? Difference => _left is null || _right is null ? null : MathExpression.TryParse($"({Left})-({Right})");

        /// <summary><c>left - right</c> at <paramref name="point"/>, and the size of the sides it came from.</summary>
        public (double Value, double Scale) Evaluate(IReadOnlyDictionary<string, double> point)
        {
            double l = _left!.Evaluate(point), r = _right!.Evaluate(point);
            return (l - r, System.Math.Max(1, System.Math.Max(System.Math.Abs(l), System.Math.Abs(r))));
        }

        /// <summary>The links of a chain <c>a &lt; b ≤ c</c> in order; null when it has no relation or a side is empty.</summary>
        public static IReadOnlyList<Link>? Chain(string s)
        {
            var parts = new List<string>();
            var ops = new List<char>();
            int depth = 0, start = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c is '(' or '[' or '{')
                    depth++;
                else if (c is ')' or ']' or '}')
                    depth = System.Math.Max(0, depth - 1);
                else if (depth == 0 && c is '=' or '<' or '>' or LessOrEqual or GreaterOrEqual)
                {
                    parts.Add(s[start..i]);
                    ops.Add(c);
                    start = i + 1;
                }
            }
            parts.Add(s[start..]);
            if (ops.Count == 0 || parts.Any(p => p.Length == 0))
                return null;
            return ops.Select((op, i) => op switch
            {
                '>' => new Link(parts[i + 1], '<', parts[i]),
                GreaterOrEqual => new Link(parts[i + 1], LessOrEqual, parts[i]),
                _ => new Link(parts[i], op, parts[i + 1]),
            }).ToList();
        }

        /// <summary>A single relation (not a chain), or null.</summary>
        public static Link? Parse(string s) => Chain(s) is [var only] ? only : null;
    }

    [GeneratedRegex(@"\\(?:leqslant|leqq|leq|le)(?![a-zA-Z])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex LessCommand();

    [GeneratedRegex(@"\\(?:geqslant|geqq|geq|ge)(?![a-zA-Z])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex GreaterCommand();

    [GeneratedRegex(@"\\(?<cmd>lt|gt)(?![a-zA-Z])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex StrictCommand();

    [GeneratedRegex(@"\\(?<cmd>nleqslant|nleqq|nleq|ngeqslant|ngeqq|ngeq|nless|ngtr)(?![a-zA-Z])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex NegatedCommand();

    [GeneratedRegex(@"\\not\s*(?<op>[<>\u2264\u2265])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex NotRelation();
}
