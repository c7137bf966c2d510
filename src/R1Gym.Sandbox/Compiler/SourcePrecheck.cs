namespace R1Gym.Sandbox.Compiler;

/// <summary>
/// Cheap checks before Roslyn sees the text: its parser died with an uncatchable stack overflow on 20,000 nested
/// parentheses, so size and bracket nesting are bounded first.
/// </summary>
internal static class SourcePrecheck
{
    /// <summary>Null when the source may be parsed; otherwise why not.</summary>
    public static string? Check(string source, int maxChars, int maxDepth)
    {
        if (source.Length > maxChars)
            return $"source is {source.Length} characters, the limit is {maxChars}";
        int depth = 0, deepest = 0, angle = 0;
        foreach (char c in source)
        {
            switch (c)
            {
                case '(' or '[' or '{':
                    deepest = Math.Max(deepest, ++depth);
                    break;
                case ')' or ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '<':
                    // Generic nesting (List<List<...>>) recurses in the parser too; comparisons reset on the next ';'.
                    deepest = Math.Max(deepest, depth + ++angle);
                    break;
                case ';':
                    angle = 0;
                    break;
            }
            if (deepest > maxDepth)
                return $"brackets or generic arguments nest deeper than {maxDepth} levels";
        }
        return null;
    }
}
