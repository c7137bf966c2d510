namespace R1Gym.Tasks.Math.Checking;

/// <summary>The named functions <see cref="MathExpression"/> evaluates, and real powers.</summary>
internal static class MathFunctions
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "ln", "log", "exp",
    };

    /// <summary>The largest odd denominator read as a real root: <c>x^{1/3}</c>, <c>x^{2/5}</c>, ... <c>x^{p/15}</c>.</summary>
    private const int MaxRootDenominator = 15;

    public static bool IsFunction(string name) => Names.Contains(name);

    public static double Apply(string name, double x) => name switch
    {
        "sin" => System.Math.Sin(x),
        "cos" => System.Math.Cos(x),
        "tan" => System.Math.Tan(x),
        "sec" => 1 / System.Math.Cos(x),
        "csc" => 1 / System.Math.Sin(x),
        "cot" => 1 / System.Math.Tan(x),
        "arcsin" => System.Math.Asin(x),
        "arccos" => System.Math.Acos(x),
        "arctan" => System.Math.Atan(x),
        "sinh" => System.Math.Sinh(x),
        "cosh" => System.Math.Cosh(x),
        "tanh" => System.Math.Tanh(x),
        "exp" => System.Math.Exp(x),
        "ln" => System.Math.Log(x),
        "log" => System.Math.Log10(x),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a known function"),
    };

    /// <summary>
    /// <c>b^e</c> over the reals: a negative base with an exponent p/q of odd q is the real root (<c>(-8)^{1/3}</c> is -2,
    /// as <c>\sqrt[3]{-8}</c> is), where <see cref="System.Math.Pow"/> gives NaN.
    /// </summary>
    public static double Power(double b, double e)
    {
        if (b >= 0 || double.IsNaN(b) || double.IsNaN(e) || e == System.Math.Floor(e) || double.IsInfinity(e))
            return System.Math.Pow(b, e);
        for (int q = 3; q <= MaxRootDenominator; q += 2)
        {
            double p = e * q;
            if (System.Math.Abs(p - System.Math.Round(p)) < 1e-9)
            {
                double magnitude = System.Math.Pow(-b, e);
                return System.Math.Abs(System.Math.Round(p)) % 2 == 1 ? -magnitude : magnitude;
            }
        }
        return double.NaN;
    }
}
