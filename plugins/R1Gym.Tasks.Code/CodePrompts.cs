using System.Text;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Code;

/// <summary>The prompt and worked-solution text every code task shares, so answers look the same across tasks.</summary>
internal static class CodePrompts
{
    public const string Rules =
        "Your code may use System, System.Collections.Generic, System.Linq and System.Text (include the using directives you need); "
        + "files, network, processes, reflection and threads are not allowed. Think it through, then give the complete class in one ```csharp code block.";

    /// <summary>The class skeleton the answer must implement: <c>public static class Solution</c> with the given methods.</summary>
    public static string Skeleton(IEnumerable<string> signatures)
    {
        var text = new StringBuilder("```csharp\npublic static class Solution\n{\n");
        foreach (var signature in signatures)
            text.Append("    ").Append(signature).Append(" { ... }\n");
        return text.Append("}\n```").ToString();
    }

    /// <summary>A worked solution in the R1 format whose answer is <paramref name="code"/> in a csharp block.</summary>
    public static string Solution(string reasoning, string code) =>
        R1Format.Compose(reasoning, $"```csharp\n{code.Trim()}\n```");
}
