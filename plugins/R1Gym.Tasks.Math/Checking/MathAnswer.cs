using R1Gym.Abstractions;

namespace R1Gym.Tasks.Math.Checking;

/// <summary>The shape of a normalised answer: a single value, an ordered group (tuple, interval), an unordered set, a union.</summary>
internal abstract record MathAnswer
{
    /// <summary>One value: an expression, or text when it does not parse as one.</summary>
    public sealed record Value(string Text) : MathAnswer;

    /// <summary>An ordered group with its brackets: <c>(1,2)</c>, <c>[0,1)</c>, a matrix row.</summary>
    public sealed record Sequence(char Open, char Close, IReadOnlyList<MathAnswer> Items) : MathAnswer;

    /// <summary>An unordered collection: <c>\{1,2\}</c> or a bare list of solutions <c>-2, 3</c>.</summary>
    public sealed record Set(IReadOnlyList<MathAnswer> Items) : MathAnswer;

    /// <summary>A union of intervals, order irrelevant.</summary>
    public sealed record Union(IReadOnlyList<MathAnswer> Parts) : MathAnswer;

    private const int MaxDepth = 16;

    /// <summary>Reads the structure of a normalised answer (whitespace kept; it is removed per value).</summary>
    public static MathAnswer Parse(string text, int depth = 0)
    {
        var s = text.Trim();
        if (depth > MaxDepth)
            return new Value(s);
        var union = Split(s, "\\cup");
        if (union.Count > 1)
            return new Union(union.Select(p => Parse(p, depth + 1)).ToList());
        if (Matrix(s, depth) is { } matrix)
            return matrix;
        if (s.StartsWith("\\{", StringComparison.Ordinal) && s.EndsWith("\\}", StringComparison.Ordinal) && Encloses(s, 1, s.Length - 1))
            return SetOf(s[2..^2], depth);
        if (s.Length >= 2 && s[0] == '{' && s[^1] == '}' && Encloses(s, 0, s.Length - 1))
        {
            var inner = s[1..^1];
            return Split(inner, ",").Count > 1 ? SetOf(inner, depth) : Parse(inner, depth + 1);
        }
        if (s.Length >= 2 && s[0] is '(' or '[' && s[^1] is ')' or ']' && Encloses(s, 0, s.Length - 1))
        {
            var items = Split(s[1..^1], ",");
            if (items.Count > 1)
                return new Sequence(s[0], s[^1], items.Select(i => Parse(i, depth + 1)).ToList());
        }
        if (PlusMinus(s, depth) is { } both)
            return both;
        var compact = string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
        // "1,234" is one number; "32, 349" (a comma and a space) and "0,111" (no valid first group) are two.
        if (!MathNormalizer.IsThousands(s) && Split(s, ",").Count > 1)
            return SetOf(s, depth);
        return new Value(MathNormalizer.StripAssignment(compact.Replace(",", "", StringComparison.Ordinal)));
    }

    // A "\\pm" item stands for its two values, so "1 \\pm \\sqrt{2}" lists as many answers as "1+\\sqrt2, 1-\\sqrt2".
    private static Set SetOf(string inner, int depth) =>
        new(inner.Trim().Length == 0 ? [] : Split(inner, ",")
            .SelectMany(i => Parse(i, depth + 1) is Set set && IsPlusMinus(i) ? set.Items : [Parse(i, depth + 1)]).ToList());

    private static bool IsPlusMinus(string s) =>
        s.Contains("\\pm", StringComparison.Ordinal) || s.Contains("\\mp", StringComparison.Ordinal);

    /// <summary>
    /// <c>a \\pm b</c> is the set of <c>a + b</c> and <c>a - b</c> (every <c>\\pm</c> takes the same sign, every
    /// <c>\\mp</c> the other, as written mathematics reads them); null when the text has neither.
    /// </summary>
    private static Set? PlusMinus(string s, int depth)
    {
        if (!IsPlusMinus(s))
            return null;
        string plus = s.Replace("\\pm", "\u0001", StringComparison.Ordinal).Replace("\\mp", "-", StringComparison.Ordinal)
            .Replace("\u0001", "+", StringComparison.Ordinal);
        string minus = s.Replace("\\pm", "\u0001", StringComparison.Ordinal).Replace("\\mp", "+", StringComparison.Ordinal)
            .Replace("\u0001", "-", StringComparison.Ordinal);
        return new Set([Parse(plus, depth + 1), Parse(minus, depth + 1)]);
    }

    /// <summary>
    /// A matrix environment (<c>pmatrix</c>, <c>bmatrix</c>, <c>matrix</c>, ...) or a bracketed <c>array</c> with its
    /// column specification: <c>\\left(\\begin{array}{cc} 1 &amp; 2 \\end{array}\\right)</c>. Rows are tuples.
    /// </summary>
    private static Sequence? Matrix(string s, int depth)
    {
        if (s.Length > 2 && s[0] is '(' or '[' && s[^1] is ')' or ']' && Encloses(s, 0, s.Length - 1)
            && s[1..^1].Trim() is var inner && inner.StartsWith("\\begin{array}", StringComparison.Ordinal))
            s = inner;
        foreach (var kind in MatrixKinds)
        {
            string begin = $"\\begin{{{kind}}}", end = $"\\end{{{kind}}}";
            if (!s.StartsWith(begin, StringComparison.Ordinal) || !s.EndsWith(end, StringComparison.Ordinal) || s.Length < begin.Length + end.Length)
                continue;
            var body = s[begin.Length..^end.Length];
            if (kind == "array")
            {
                // Skip the column specification "{cc}" or "{c|c}".
                var trimmed = body.TrimStart();
                int close = trimmed.IndexOf('}', StringComparison.Ordinal);
                if (!trimmed.StartsWith('{') || close < 0)
                    return null;
                body = trimmed[(close + 1)..];
            }
            var rows = body.Split("\\\\", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(r => (MathAnswer)new Sequence('(', ')', r.Split('&').Select(c => Parse(c, depth + 1)).ToList()))
                .ToList();
            return new Sequence('(', ')', rows);
        }
        return null;
    }

    private static readonly string[] MatrixKinds = ["pmatrix", "bmatrix", "Bmatrix", "smallmatrix", "matrix", "array"];

    /// <summary>True when the bracket at <paramref name="open"/> closes exactly at <paramref name="close"/>.</summary>
    private static bool Encloses(string s, int open, int close)
    {
        int depth = 0;
        for (int i = open; i <= close; i++)
        {
            if (s[i] is '(' or '[' or '{')
                depth++;
            else if (s[i] is ')' or ']' or '}' && --depth == 0)
                return i == close;
        }
        return false;
    }

    /// <summary>Splits at <paramref name="separator"/> outside any brackets.</summary>
    private static List<string> Split(string s, string separator)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c is '(' or '[' or '{')
                depth++;
            else if (c is ')' or ']' or '}')
                depth = System.Math.Max(0, depth - 1);
            else if (depth == 0 && string.CompareOrdinal(s, i, separator, 0, separator.Length) == 0)
            {
                parts.Add(s[start..i]);
                start = i + separator.Length;
                i = start - 1;
            }
        }
        parts.Add(s[start..]);
        return parts;
    }

    public static bool Equivalent(MathAnswer a, MathAnswer b) => (a, b) switch
    {
        (Value x, Value y) => ValuesEqual(x.Text, y.Text),
        (Sequence x, Sequence y) => x.Open == y.Open && x.Close == y.Close && x.Items.Count == y.Items.Count
            && x.Items.Zip(y.Items).All(p => Equivalent(p.First, p.Second)),
        (Set x, Set y) => Matches(x.Items, y.Items),
        (Union x, Union y) => Matches(x.Parts, y.Parts),
        _ => false,
    };

    /// <summary>Every item of one list pairs with a distinct equal item of the other.</summary>
    private static bool Matches(IReadOnlyList<MathAnswer> left, IReadOnlyList<MathAnswer> right)
    {
        if (left.Count != right.Count)
            return false;
        var unused = right.ToList();
        foreach (var item in left)
        {
            int match = unused.FindIndex(u => Equivalent(item, u));
            if (match < 0)
                return false;
            unused.RemoveAt(match);
        }
        return true;
    }

    private static bool ValuesEqual(string x, string y)
    {
        if (string.Equals(Plain(x), Plain(y), StringComparison.OrdinalIgnoreCase))
            return true;
        if (Numbers.TryParse(x, out var dx) && Numbers.TryParse(y, out var dy))
            return dx == dy;
        if (MathRelations.HasRelation(x) || MathRelations.HasRelation(y))
            return MathRelations.Equivalent(x, y);
        if (MathExpression.TryParse(x) is not { } ex || MathExpression.TryParse(y) is not { } ey)
            return false;
        if (!ex.Variables.SetEquals(ey.Variables))
            return false;
        int compared = 0, oneSided = 0;
        foreach (var values in Sampling.Points(ex.Variables))
        {
            double a = ex.Evaluate(values), b = ey.Evaluate(values);
            // A point outside the domain of one form (x^{1/4} and \sqrt[4]{x} at x < 0 are both NaN; (\sqrt{x})^2 is NaN
            // where x is not) says nothing about the values where both are defined; those points decide.
            if (double.IsNaN(a) || double.IsNaN(b))
            {
                oneSided += double.IsNaN(a) != double.IsNaN(b) ? 1 : 0;
                continue;
            }
            // Doubles overflow to infinity: only a written infinity may equal infinity, or 10^{400} would equal 10^{500}.
            if ((double.IsInfinity(a) || double.IsInfinity(b)) && !(WritesInfinity(x) && WritesInfinity(y)))
                return false;
            if (!Sampling.AreClose(a, b))
                return false;
            compared++;
        }
        // When domains differ, two points where both are defined at least: one coincidence must not make them equal.
        return compared >= (oneSided == 0 ? 1 : 2);
    }

    private static bool WritesInfinity(string text) => text.Contains("\\infty", StringComparison.Ordinal);

    /// <summary>
    /// Text comparison form: no whitespace, and no grouping braces unless a command uses them as arguments
    /// (<c>1011_{2}</c> is <c>1011_2</c>, but <c>\frac{11}{2}</c> is not <c>\frac{1}{12}</c>).
    /// </summary>
    private static string Plain(string s) =>
        string.Concat(s.Where(c => !char.IsWhiteSpace(c) && (s.Contains('\\') || c is not '{' and not '}')));
}
