namespace R1Gym.Tasks.Code;

/// <summary>
/// Finds the answer's code: the last non-empty fenced block tagged csharp, cs or c#, else the last untagged one
/// (blocks in other languages are ignored).
/// </summary>
internal static class CodeBlocks
{
    private static readonly string[] CSharpTags = ["csharp", "cs", "c#"];

    /// <summary>The code of the last C# block in <paramref name="text"/>, or null when there is none. Linear time, never throws.</summary>
    public static string? LastCSharp(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        // A block tagged C# beats an untagged one: a model often shows sample output in a bare fence after its code.
        string? lastTagged = null, lastUntagged = null;
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
            // An empty fence carries no answer and must not hide an earlier one.
            bool empty = string.IsNullOrWhiteSpace(code);
            if (!empty && CSharpTags.Contains(tag, StringComparer.OrdinalIgnoreCase))
                lastTagged = code;
            else if (!empty && tag.Length == 0)
                lastUntagged = code;
            at = close + 3;
        }
        var last = lastTagged ?? lastUntagged;
        return last is null ? null : last.Trim('\n', '\r') + "\n";
    }
}
