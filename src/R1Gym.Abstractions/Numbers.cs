using System.Globalization;

namespace R1Gym.Abstractions;

/// <summary>Number normalisation for answer checking; culture-invariant and never throwing.</summary>
public static class Numbers
{
    /// <summary>
    /// Parses an answer as a decimal number, accepting thousands separators (<c>1,234</c>, <c>1 234</c>),
    /// a leading <c>$</c>, a trailing <c>%</c> or <c>.</c>, a Unicode minus and surrounding <c>$...$</c> math.
    /// </summary>
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
            return false;
        var s = text.Trim().Trim('$').Trim()
            .Replace('\u2212', '-')
            .Replace(",", "", StringComparison.Ordinal)
            .Replace(" ", "", StringComparison.Ordinal)
            .Replace("\u00a0", "", StringComparison.Ordinal)
            .Replace("\\!", "", StringComparison.Ordinal)
            .TrimEnd('.', '%');
        if (s.StartsWith("\\$", StringComparison.Ordinal))
            s = s[2..];
        if (s.StartsWith('$'))
            s = s[1..];
        return s.Length > 0
            && decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The canonical text of a number (<c>"1,234.50"</c> becomes <c>"1234.5"</c>), or null when it is not one.</summary>
    public static string? Normalize(string? text) =>
        TryParse(text, out var value) ? Canonical(value) : null;

    /// <summary>True when both texts parse as the same number.</summary>
    public static bool AreEqual(string? left, string? right) =>
        TryParse(left, out var a) && TryParse(right, out var b) && a == b;

    /// <summary>Invariant text of a decimal without trailing zeros.</summary>
    public static string Canonical(decimal value)
    {
        var text = value.ToString("0.############################", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }
}
