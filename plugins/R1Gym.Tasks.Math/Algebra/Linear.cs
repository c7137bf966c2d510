using System.Text;

namespace R1Gym.Tasks.Math.Algebra;

/// <summary>Writes linear expressions the way people do: <c>3x - 4</c>, <c>-x + 2y</c>, <c>5</c>.</summary>
internal static class Linear
{
    /// <summary>The sum of coefficient x variable terms plus a constant, skipping zero terms.</summary>
    public static string Format(IReadOnlyList<Fraction> coefficients, IReadOnlyList<string> variables, Fraction constant)
    {
        var text = new StringBuilder();
        for (int i = 0; i < coefficients.Count; i++)
            Append(text, coefficients[i], variables[i]);
        if (!constant.IsZero || text.Length == 0)
            Append(text, constant, "");
        return text.ToString();
    }

    public static string Format(Fraction coefficient, string variable, Fraction constant) =>
        Format([coefficient], [variable], constant);

    private static void Append(StringBuilder text, Fraction value, string variable)
    {
        if (value.IsZero && (variable.Length > 0 || text.Length > 0))
            return;
        bool negative = value.Numerator < 0;
        var magnitude = negative ? -value : value;
        if (text.Length > 0)
            text.Append(negative ? " - " : " + ");
        else if (negative)
            text.Append('-');
        string number = magnitude.IsInteger ? magnitude.ToString() : $"({magnitude})";
        if (variable.Length == 0)
            text.Append(magnitude.ToString());
        else
            text.Append(magnitude.Numerator == 1 && magnitude.IsInteger ? variable : number + variable);
    }
}
