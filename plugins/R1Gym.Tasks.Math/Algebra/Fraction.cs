using System.Globalization;

namespace R1Gym.Tasks.Math.Algebra;

/// <summary>An exact fraction in lowest terms with a positive denominator (small values: the tasks keep them bounded).</summary>
internal readonly record struct Fraction
{
    public Fraction(long numerator, long denominator = 1)
    {
        if (denominator == 0)
            throw new DivideByZeroException("a fraction's denominator must not be 0");
        if (denominator < 0)
            (numerator, denominator) = (-numerator, -denominator);
        long divisor = Gcd(numerator, denominator);
        Numerator = numerator / divisor;
        Denominator = denominator / divisor;
    }

    public long Numerator { get; }

    public long Denominator { get; }

    public bool IsZero => Numerator == 0;

    public bool IsInteger => Denominator == 1;

    public static Fraction operator +(Fraction a, Fraction b) =>
        new(checked(a.Numerator * b.Denominator + b.Numerator * a.Denominator), checked(a.Denominator * b.Denominator));

    public static Fraction operator -(Fraction a, Fraction b) => a + -b;

    public static Fraction operator -(Fraction a) => new(-a.Numerator, a.Denominator);

    public static Fraction operator *(Fraction a, Fraction b) =>
        new(checked(a.Numerator * b.Numerator), checked(a.Denominator * b.Denominator));

    public static Fraction operator /(Fraction a, Fraction b) =>
        new(checked(a.Numerator * b.Denominator), checked(a.Denominator * b.Numerator));

    public static implicit operator Fraction(long value) => new(value);

    /// <summary>"3", "-7/4".</summary>
    public override string ToString() => IsInteger
        ? Numerator.ToString(CultureInfo.InvariantCulture)
        : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";

    public static long Gcd(long a, long b)
    {
        a = System.Math.Abs(a);
        b = System.Math.Abs(b);
        while (b != 0)
            (a, b) = (b, a % b);
        return a == 0 ? 1 : a;
    }

    public static long Lcm(long a, long b) => a / Gcd(a, b) * b;
}
