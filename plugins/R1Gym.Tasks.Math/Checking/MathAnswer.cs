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
        var compact = string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
        if (!MathNormalizer.IsThousands(compact) && Split(s, ",").Count > 1)
            return SetOf(s, depth);
        return new Value(MathNormalizer.StripAssignment(compact.Replace(",", "", StringComparison.Ordinal)));
    }

    private static Set SetOf(string inner, int depth) =>
        new(inner.Trim().Length == 0 ? [] : Split(inner, ",").Select(i => Parse(i, depth + 1)).ToList());

    private static Sequence? Matrix(string s, int depth)
    {
        foreach (var kind in new[] { "pmatrix", "bmatrix", "matrix" })
        {
            string begin = $"\\begin{{{kind}}}", end = $"\\end{{{kind}}}";
            if (!s.StartsWith(begin, StringComparison.Ordinal) || !s.EndsWith(end, StringComparison.Ordinal) || s.Length < begin.Length + end.Length)
                continue;
            var rows = s[begin.Length..^end.Length].Split("\\\\", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(r => (MathAnswer)new Sequence('(', ')', r.Split('&').Select(c => Parse(c, depth + 1)).ToList()))
                .ToList();
            return new Sequence('(', ')', rows);
        }
        return null;
    }

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

    /// <summary>Numbers within this relative tolerance are equal (floating error of equal forms is far smaller).</summary>
    public const double Tolerance = 1e-12;

    private static readonly IReadOnlyList<double> Samples = [0.5772156649, 1.4142135623, 2.7182818284, -0.9162907318];

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
        if (MathExpression.TryParse(x) is not { } ex || MathExpression.TryParse(y) is not { } ey)
            return false;
        if (!ex.Variables.SetEquals(ey.Variables))
            return false;
        var names = ex.Variables.Order(StringComparer.Ordinal).ToList();
        int compared = 0;
        for (int point = 0; point < (names.Count == 0 ? 1 : Samples.Count); point++)
        {
            var values = names.Select((n, i) => (n, Samples[(point + i) % Samples.Count] + i * 0.3183098861))
                .ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal);
            double a = ex.Evaluate(values), b = ey.Evaluate(values);
            if (double.IsNaN(a) && double.IsNaN(b))
                continue;
            // Doubles overflow to infinity: only a written infinity may equal infinity, or 10^{400} would equal 10^{500}.
            if ((double.IsInfinity(a) || double.IsInfinity(b)) && !(WritesInfinity(x) && WritesInfinity(y)))
                return false;
            if (!AreClose(a, b))
                return false;
            compared++;
        }
        return compared > 0;
    }

    private static bool WritesInfinity(string text) => text.Contains("\\infty", StringComparison.Ordinal);

    private static bool AreClose(double a, double b)
    {
        if (double.IsInfinity(a) || double.IsInfinity(b))
            return a == b;
        if (double.IsNaN(a) || double.IsNaN(b))
            return false;
        return System.Math.Abs(a - b) <= Tolerance * System.Math.Max(1, System.Math.Max(System.Math.Abs(a), System.Math.Abs(b)));
    }

    /// <summary>
    /// Text comparison form: no whitespace, and no grouping braces unless a command uses them as arguments
    /// (<c>1011_{2}</c> is <c>1011_2</c>, but <c>\frac{11}{2}</c> is not <c>\frac{1}{12}</c>).
    /// </summary>
    private static string Plain(string s) =>
        string.Concat(s.Where(c => !char.IsWhiteSpace(c) && (s.Contains('\\') || c is not '{' and not '}')));
}
