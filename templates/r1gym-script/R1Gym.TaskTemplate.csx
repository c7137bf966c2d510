// A script task: one file, no project. r1gym compiles it with Roslyn on first use and registers its tasks.
// Globals: `Tasks` (an ITaskCatalog). Imports: System.*, System.ComponentModel.DataAnnotations, R1Gym.Abstractions.
// Try it: r1gym check sample/sample-task-v1 --tasks <this folder>

/// <summary>Options of sample/sample-task-v1.</summary>
public sealed record TemplateClassOptions : TaskOptions
{
    /// <summary>Length of the word to reverse. Default: 5.</summary>
    [Range(2, 12)]
    public int Letters { get; init; } = 5;
}

/// <summary>A sample task to start from: write a random word backwards. Replace the problem, keep the shape.</summary>
public sealed class TemplateClassTask : ReasoningTask<TemplateClassOptions>
{
    public TemplateClassTask(TemplateClassOptions options) : base(options) { }

    protected override Problem Create(Random random, int index)
    {
        var word = new string(Enumerable.Range(0, Options.Letters).Select(_ => (char)('a' + random.Next(26))).ToArray());
        var reversed = new string(word.Reverse().ToArray());
        return new Problem($"Write \"{word}\" backwards. Put the result in \\boxed{{}}.", reversed, Options.Letters)
        {
            Metadata = new Dictionary<string, string> { ["word"] = word },
        };
    }

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken)
    {
        var answer = args.FinalAnswer?.Trim();
        if (string.IsNullOrEmpty(answer))
            return ValueTask.FromResult(Verdict.Wrong("no final answer"));
        return ValueTask.FromResult(string.Equals(answer, args.Problem.Answer, StringComparison.Ordinal)
            ? Verdict.Correct()
            : Verdict.Wrong($"expected {args.Problem.Answer}, got {(answer.Length > 40 ? answer[..40] + "..." : answer)}"));
    }

    public override string? Solve(Problem problem)
    {
        var word = problem.Metadata["word"];
        var steps = string.Join(", ", word.Reverse().Select((c, i) => $"{i + 1}: {c}"));
        return R1Format.Compose($"Read \"{word}\" from its last letter to its first: {steps}.", $"\\boxed{{{problem.Answer}}}");
    }
}

Tasks.AddTask<TemplateClassOptions>("sample/sample-task-v1", o => new TemplateClassTask(o), "Write a word backwards (sample script task)");
