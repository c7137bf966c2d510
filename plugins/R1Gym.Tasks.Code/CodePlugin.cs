using R1Gym.Abstractions;
using R1Gym.Tasks.Code.Exercism;
using R1Gym.Tasks.Code.Procedural;

namespace R1Gym.Tasks.Code;

/// <summary>
/// C# programming tasks: every ported exercism exercise (<c>code/&lt;slug&gt;-v1</c>), all of them as one finite suite
/// (<c>code/exercism-v1</c>) and seeded generators. Verification goes through the host's <see cref="ICodeRunner"/>.
/// </summary>
public sealed class CodePlugin : ITaskPlugin
{
    public void Register(ITaskCatalog tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var exercises = ExerciseCatalog.All;
        foreach (var exercise in exercises)
            tasks.AddTask<CodeTaskOptions>(exercise.Id, o => new ExerciseTask(exercise, o, tasks.Services),
                $"C#: {exercise.Title} (exercism, {exercise.TestCount} tests)");
        tasks.AddTask<CodeTaskOptions>("code/exercism-v1", o => new ExercismSuiteTask(exercises, o, tasks.Services),
            $"C#: all {exercises.Count} exercism exercises, one per index");
        tasks.AddTask<MultiplesSumOptions>("code/multiples-sum-v1", o => new MultiplesSumTask(o, tasks.Services),
            "C#: sum of the multiples of seeded factors below n (closed form at difficulty 3)");
        tasks.AddTask<ArrayTransformOptions>("code/array-transform-v1", o => new ArrayTransformTask(o, tasks.Services),
            "C#: seeded array functions (threshold sums, rotations, runs, windows, prefix maxima)");
        tasks.AddTask<StringTransformOptions>("code/string-transform-v1", o => new StringTransformTask(o, tasks.Services),
            "C#: seeded string functions (Caesar shift, word reversal, vowel count, run-length compression, case steps)");
    }
}
