using System.Text.Json.Nodes;

namespace R1Gym.Sandbox.Judging;

/// <summary>The supervisor's comparison of what the answer produced with what was expected (the worker never sees the latter).</summary>
public static class OutputComparer
{
    /// <summary>
    /// Structural JSON equality: same shape, same strings and booleans, integers exactly, other numbers within
    /// |a - e| &lt;= tolerance * max(1, |e|), objects with the same keys in any order.
    /// </summary>
    public static bool JsonEquals(JsonNode? expected, JsonNode? actual, double tolerance)
    {
        switch (expected)
        {
            case null:
                return actual is null;
            case JsonArray e:
                return actual is JsonArray arr && arr.Count == e.Count && e.Select((x, i) => JsonEquals(x, arr[i], tolerance)).All(b => b);
            case JsonObject e:
                return actual is JsonObject obj && obj.Count == e.Count
                    && e.All(p => obj.TryGetPropertyValue(p.Key, out var v) && JsonEquals(p.Value, v, tolerance));
            case JsonValue e:
                if (actual is not JsonValue value)
                    return false;
                if (e.GetValueKind() == System.Text.Json.JsonValueKind.Number && value.GetValueKind() == System.Text.Json.JsonValueKind.Number)
                    return NumbersMatch(e, value, tolerance);
                return e.GetValueKind() == value.GetValueKind() && e.ToJsonString() == value.ToJsonString();
            default:
                return false;
        }
    }

    /// <summary>Console output equality after normalising line endings, trailing spaces on each line and trailing blank lines.</summary>
    public static bool StdoutEquals(string expected, string actual) => Normalise(expected) == Normalise(actual);

    public static string Normalise(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n');

    private static bool NumbersMatch(JsonValue expected, JsonValue actual, double tolerance)
    {
        if (expected.TryGetValue(out long le) && actual.TryGetValue(out long la) && IsIntegerText(expected) && IsIntegerText(actual))
            return le == la;
        if (IsIntegerText(expected) && IsIntegerText(actual))
            return decimal.TryParse(expected.ToJsonString(), out var de) && decimal.TryParse(actual.ToJsonString(), out var da) && de == da;
        double e = expected.GetValue<double>(), a = actual.GetValue<double>();
        return Math.Abs(a - e) <= tolerance * Math.Max(1, Math.Abs(e));
    }

    private static bool IsIntegerText(JsonValue value) => value.ToJsonString().All(c => char.IsAsciiDigit(c) || c == '-');
}
