using R1Gym.Abstractions;

namespace R1Gym.Tasks.Code.Exercism;

/// <summary>
/// All ported exercism exercises as one finite task (<c>code/exercism-v1</c>): index <c>i</c> poses exercise
/// <c>i mod Count</c> in slug order, so an evaluator visits each exercise once with indexes 0 .. Count - 1.
/// </summary>
internal sealed class ExercismSuiteTask(IReadOnlyList<Exercise> exercises, CodeTaskOptions options, IServiceProvider services)
    : ReasoningTask<CodeTaskOptions>(options), IFiniteTask
{
    private readonly CodeVerifier _verifier = new(services, options);

    public int Count => exercises.Count;

    protected override Problem Create(Random random, int index) => ExerciseTask.ToProblem(exercises[index % exercises.Count]);

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
        _verifier.VerifyAsync(args, cancellationToken);

    public override string? Solve(Problem problem) =>
        problem.Metadata.TryGetValue("exercise", out var slug) && exercises.FirstOrDefault(e => e.Slug == slug) is { } exercise
            ? ExerciseTask.Solution(exercise)
            : null;
}
