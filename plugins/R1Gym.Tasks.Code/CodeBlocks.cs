namespace R1Gym.Tasks.Code;

/// <summary>Finds the answer's code: the last fenced block tagged csharp, cs or c#, or untagged (blocks in other languages are ignored).</summary>
internal static class CodeBlocks
{
    private static readonly string[] CSharpTags = ["csharp", "cs", "c#"];

    /// <summary>The code of the last C# block in <paramref name="text"/>, or null when there is none. Linear time, never throws.</summary>
    public static string? LastCSharp(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        string? last = null;
        int at = 0;
        while (true)
        {
            int open = text.IndexOf("```", at, StringComparison.Ordinal);
            if (open < 0)
                break;
            int lineEnd = text.IndexOf('\n', open);
            if (lineEnd < 0)
                break;
            string tag = text[(open + 3)..lineEnd].Trim();
            int close = text.IndexOf("```", lineEnd + 1, StringComparison.Ordinal);
            if (close < 0)
                break;
            string code = text[(lineEnd + 1)..close];
            if (tag.Length == 0 || CSharpTags.Contains(tag, StringComparer.OrdinalIgnoreCase))
                last = code;
            at = close + 3;
        }
        return string.IsNullOrWhiteSpace(last) ? null : last.Trim('\n', '\r') + "\n";
    }
}
