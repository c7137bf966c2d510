using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Code.Procedural;

/// <summary>Builds a generated code problem: one entry point, generated tests, a reference solution as its answer.</summary>
internal static class FunctionProblem
{
    /// <summary>Metadata key of the reference solver's reasoning for this item.</summary>
    public const string ReasoningKey = "reasoning";

    /// <summary>The worked solution of a generated problem: its stored reasoning and its reference code.</summary>
    public static string Solve(Problem problem) =>
        CodePrompts.Solution(problem.Metadata.GetValueOrDefault(ReasoningKey, "I apply the rule of the statement directly."), problem.Answer);

    public static Problem Create(
        string statement, string signature, IEnumerable<(JsonArray Args, JsonNode? Expected)> tests, string reference, int difficulty, string reasoning)
    {
        var cases = new JsonArray(tests.Select(t => (JsonNode)new JsonObject { ["args"] = t.Args, ["expected"] = t.Expected }).ToArray());
        int paren = signature.IndexOf('(');
        string method = signature[(signature.LastIndexOf(' ', paren) + 1)..paren];
        var spec = new JsonObject { ["entryPoint"] = $"Solution.{method}", ["tests"] = cases };
        var prompt = $"{statement}\n\nImplement this class; the names and signatures must match exactly:\n\n"
            + $"{CodePrompts.Skeleton([$"public static {signature}"])}\n\n{CodePrompts.Rules}";
        return new Problem(prompt, reference, difficulty)
        {
            Metadata = new Dictionary<string, string> { [CodeVerifier.SpecsKey] = new JsonArray(spec).ToJsonString(), [ReasoningKey] = reasoning },
        };
    }

    /// <summary>Wraps a method body into the reference class every code answer declares.</summary>
    public static string Reference(string members) =>
        "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Text;\n\npublic static class Solution\n{\n" + members.TrimEnd() + "\n}\n";
}
