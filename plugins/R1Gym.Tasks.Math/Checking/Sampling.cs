namespace R1Gym.Tasks.Math.Checking;

/// <summary>The points at which expressions with variables are compared, and the closeness of two numbers.</summary>
internal static class Sampling
{
    /// <summary>Numbers within this relative tolerance are equal (floating error of equal forms is far smaller).</summary>
    public const double Tolerance = 1e-12;

    // Irrational-looking values, mostly positive (square roots and logarithms are defined there), two negative.
    private static readonly IReadOnlyList<double> Samples = [0.5772156649, 1.4142135623, 2.7182818284, -0.9162907318, 3.3166247903, -1.7320508075];

    /// <summary>
    /// One assignment of the variables per sample point (a single empty one when there are none); each variable gets
    /// its own value at each point, so that <c>x - y</c> is not zero everywhere.
    /// </summary>
    public static IEnumerable<IReadOnlyDictionary<string, double>> Points(IReadOnlySet<string> variables)
    {
        var names = variables.Order(StringComparer.Ordinal).ToList();
        for (int point = 0; point < (names.Count == 0 ? 1 : Samples.Count); point++)
        {
            yield return names.Select((n, i) => (n, Samples[(point + i) % Samples.Count] + i * 0.3183098861))
                .ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal);
        }
    }

    /// <summary>True when both are finite and within <see cref="Tolerance"/> relative (absolute below 1), or equal infinities.</summary>
    public static bool AreClose(double a, double b, double tolerance = Tolerance)
    {
        if (double.IsInfinity(a) || double.IsInfinity(b))
            return a == b;
        if (double.IsNaN(a) || double.IsNaN(b))
            return false;
        return System.Math.Abs(a - b) <= tolerance * System.Math.Max(1, System.Math.Max(System.Math.Abs(a), System.Math.Abs(b)));
    }
}
