using System.Text;
using System.Text.Json.Nodes;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Code.Exercism;

/// <summary>
/// One exercism exercise as a C# task (<c>code/&lt;slug&gt;-v1</c>): every index poses the same exercise, so the task
/// is finite with one problem. The score is the fraction of the exercise's canonical tests the answer passes.
/// </summary>
internal sealed class ExerciseTask(Exercise exercise, CodeTaskOptions options, IServiceProvider services)
    : ReasoningTask<CodeTaskOptions>(options), IFiniteTask
{
    private readonly CodeVerifier _verifier = new(services, options);

    public int Count => 1;

    protected override Problem Create(Random random, int index) => ToProblem(exercise);

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
        _verifier.VerifyAsync(args, cancellationToken);

    public override string? Solve(Problem problem) => Solution(exercise);

    internal static Problem ToProblem(Exercise exercise) =>
        new(Prompt(exercise), exercise.Reference)
        {
            Metadata = new Dictionary<string, string> { [CodeVerifier.SpecsKey] = exercise.SpecsJson, ["exercise"] = exercise.Slug },
        };

    internal static string Solution(Exercise exercise)
    {
        var reasoning = new StringBuilder($"The exercise \"{exercise.Title}\" asks for a static class Solution with ");
        reasoning.Append(string.Join("; ", exercise.Signatures)).Append(". ");
        if (!string.IsNullOrWhiteSpace(exercise.Notes))
            reasoning.Append(exercise.Notes).Append(' ');
        foreach (var spec in JsonNode.Parse(exercise.SpecsJson)!.AsArray())
        {
            var first = spec!["tests"]![0]!;
            string method = ((string)spec["entryPoint"]!)["Solution.".Length..];
            reasoning.Append($"For example {method}({string.Join(", ", first["args"]!.AsArray().Select(a => a?.ToJsonString() ?? "null"))}) ")
                .Append($"must return {first["expected"]?.ToJsonString() ?? "null"}. ");
        }
        reasoning.Append(exercise.Approach).Append(' ')
            .Append("I check the edge cases (empty input, boundaries) against that plan and use only the allowed namespaces.");
        return CodePrompts.Solution(reasoning.ToString(), exercise.Reference);
    }

    private static string Prompt(Exercise exercise)
    {
        var text = new StringBuilder();
        text.Append("Solve this programming exercise in C#: ").Append(exercise.Title).Append(".\n\n");
        text.Append(exercise.Instructions).Append("\n\n");
        text.Append("Implement this class; the names and signatures must match exactly:\n\n");
        text.Append(CodePrompts.Skeleton(exercise.Signatures)).Append("\n\n");
        if (!string.IsNullOrWhiteSpace(exercise.Notes))
            text.Append("Notes: ").Append(exercise.Notes).Append("\n\n");
        text.Append(CodePrompts.Rules);
        return text.ToString();
    }
}
