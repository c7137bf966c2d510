namespace R1Gym.Tasks.Math.Checking;

/// <summary>
/// A set of reals as sorted, disjoint intervals, read from interval notation (<c>(-1, 10)</c>, <c>[2,\infty)</c>,
/// unions) or from inequalities in one variable joined by <c>\land</c> and <c>\lor</c> (chains such as
/// <c>-1 &lt; a ≤ 10</c> included). Each inequality must be linear in its variable with constant bounds.
/// </summary>
internal static class RealIntervals
{
    /// <summary>One interval; an infinite end is never closed.</summary>
    internal sealed record Interval(double Low, bool LowClosed, double High, bool HighClosed);

    private static readonly double[] Probes = [0.5772156649, 1.4142135623, 2.7182818284];

    /// <summary>
    /// The set <paramref name="text"/> (compact, normalised) describes, or null. <paramref name="variable"/> is the
    /// variable of an inequality, null for interval notation.
    /// </summary>
    public static IReadOnlyList<Interval>? Of(string text, out string? variable)
    {
        variable = null;
        if (!MathRelations.HasInequality(text))
            return FromNotation(MathAnswer.Parse(text));
        var union = new List<Interval>();
        foreach (var alternative in text.Split("\\lor", StringSplitOptions.None))
        {
            IReadOnlyList<Interval> conjunction = [new Interval(double.NegativeInfinity, false, double.PositiveInfinity, false)];
            foreach (var part in alternative.Split("\\land", StringSplitOptions.None))
            {
                if (MathRelations.Link.Chain(part) is not { } links)
                    return null;
                foreach (var link in links)
                {
                    if (Solve(link, ref variable) is not { } solved)
                        return null;
                    conjunction = Intersect(conjunction, solved);
                }
            }
            union.AddRange(conjunction);
        }
        return Merge(union);
    }

    /// <summary>True when both describe the same set (ends equal within the checker's tolerance).</summary>
    public static bool Same(IReadOnlyList<Interval> a, IReadOnlyList<Interval> b) =>
        a.Count == b.Count && a.Zip(b).All(p => Sampling.AreClose(p.First.Low, p.Second.Low) && Sampling.AreClose(p.First.High, p.Second.High)
            && p.First.LowClosed == p.Second.LowClosed && p.First.HighClosed == p.Second.HighClosed);

    private static IReadOnlyList<Interval>? FromNotation(MathAnswer answer)
    {
        var parts = answer is MathAnswer.Union union ? union.Parts : [answer];
        var intervals = new List<Interval>();
        foreach (var part in parts)
        {
            if (part is not MathAnswer.Sequence { Items: [MathAnswer.Value low, MathAnswer.Value high] } sequence
                || Constant(low.Text) is not { } lo || Constant(high.Text) is not { } hi || lo > hi)
                return null;
            intervals.Add(new Interval(lo, sequence.Open == '[' && double.IsFinite(lo), hi, sequence.Close == ']' && double.IsFinite(hi)));
        }
        return Merge(intervals);
    }

    private static double? Constant(string text) =>
        MathExpression.TryParse(text) is { Variables.Count: 0 } e && e.Evaluate(new Dictionary<string, double>()) is var v && !double.IsNaN(v) ? v : null;

    /// <summary>
    /// The solutions of one link <c>f(v) &lt; 0</c> (or ≤) where <c>f = left - right</c> is linear in its one variable
    /// with a non-zero slope; null otherwise, or when the variable is not <paramref name="variable"/>.
    /// </summary>
    private static Interval? Solve(MathRelations.Link link, ref string? variable)
    {
        if (link.Op == '=' || link.Difference is not { Variables.Count: 1 } difference)
            return null;
        var name = difference.Variables.Single();
        if (variable is not null && variable != name)
            return null;
        variable = name;
        var f = Probes.Select(t => link.Evaluate(new Dictionary<string, double> { [name] = t }).Value).ToArray();
        if (f.Any(v => !double.IsFinite(v)))
            return null;
        double slope = (f[1] - f[0]) / (Probes[1] - Probes[0]);
        double predicted = f[0] + slope * (Probes[2] - Probes[0]);
        if (System.Math.Abs(slope) < 1e-12 || !Sampling.AreClose(predicted, f[2], 1e-9))
            return null;
        double root = Probes[0] - f[0] / slope;
        bool closed = link.Op == MathRelations.LessOrEqual;
        return slope > 0
            ? new Interval(double.NegativeInfinity, false, root, closed)
            : new Interval(root, closed, double.PositiveInfinity, false);
    }

    private static IReadOnlyList<Interval> Intersect(IReadOnlyList<Interval> set, Interval with)
    {
        var result = new List<Interval>();
        foreach (var i in set)
        {
            var (low, lowClosed) = i.Low > with.Low ? (i.Low, i.LowClosed) : i.Low < with.Low ? (with.Low, with.LowClosed) : (i.Low, i.LowClosed && with.LowClosed);
            var (high, highClosed) = i.High < with.High ? (i.High, i.HighClosed) : i.High > with.High ? (with.High, with.HighClosed) : (i.High, i.HighClosed && with.HighClosed);
            if (low < high || low == high && lowClosed && highClosed)
                result.Add(new Interval(low, lowClosed, high, highClosed));
        }
        return result;
    }

    /// <summary>Sorted by lower end, overlapping or touching intervals joined.</summary>
    private static List<Interval> Merge(List<Interval> intervals)
    {
        var merged = new List<Interval>();
        foreach (var i in intervals.OrderBy(i => i.Low).ThenBy(i => i.LowClosed ? 0 : 1))
        {
            if (merged.Count > 0 && merged[^1] is var last && (i.Low < last.High || i.Low == last.High && (i.LowClosed || last.HighClosed)))
            {
                merged[^1] = i.High > last.High || i.High == last.High && i.HighClosed
                    ? last with { High = i.High, HighClosed = i.HighClosed }
                    : last;
                continue;
            }
            merged.Add(i);
        }
        return merged;
    }
}
