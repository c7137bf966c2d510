using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Testing;
using R1Gym.Gym;

namespace R1Gym.Training;

/// <summary>
/// What GRPO rolls out: a mixture of tasks and environments (one entry for a single task), how to make a fresh
/// environment of each, and an optional curriculum whose levels become the environments' options.
/// </summary>
public sealed class EpisodeTasks
{
    private readonly Func<string, JsonObject?, IEnvironment> _create;

    /// <param name="create">A fresh environment of task id with options (null: the task's defaults).</param>
    public EpisodeTasks(TaskMixture mixture, Func<string, JsonObject?, IEnvironment> create, Curriculum? curriculum = null)
    {
        Mixture = mixture ?? throw new ArgumentNullException(nameof(mixture));
        _create = create ?? throw new ArgumentNullException(nameof(create));
        Curriculum = curriculum;
    }

    /// <summary>One task or environment from a factory.</summary>
    public static EpisodeTasks Single(string id, Func<IEnvironment> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return new EpisodeTasks(new TaskMixture([new TaskWeight(id, 1)]), (_, _) => create());
    }

    /// <summary>A single-turn task played as one-turn episodes.</summary>
    public static EpisodeTasks SingleTurn(IReasoningTask task, string id = "task")
    {
        ArgumentNullException.ThrowIfNull(task);
        return Single(id, () => new SingleTurnEnvironment(task));
    }

    /// <summary>A mixture of registered tasks and environments, with their options (by id) and an optional curriculum.</summary>
    public static EpisodeTasks FromRegistry(ITaskRegistry registry, TaskMixture mixture, IReadOnlyDictionary<string, JsonObject>? options = null,
        Curriculum? curriculum = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var entry in mixture.Entries)
            registry.Get(entry.Id);   // unknown ids fail now, with "did you mean"
        return new EpisodeTasks(mixture, (id, o) => registry.Create(id, o ?? (options?.TryGetValue(id, out var given) == true ? given : null)).CreateEnvironment(), curriculum);
    }

    public TaskMixture Mixture { get; }

    public Curriculum? Curriculum { get; }

    /// <summary>
    /// The starts of one rollout, group-major: prompt slots <c>cursor .. cursor + prompts - 1</c> of <paramref name="taskSeed"/>,
    /// each with <paramref name="groupSize"/> episodes from the same (task, seed, index) and their own environment instances.
    /// </summary>
    public IReadOnlyList<EpisodeStart> Starts(long taskSeed, long cursor, int prompts, int groupSize)
    {
        var starts = new List<EpisodeStart>(prompts * groupSize);
        for (int p = 0; p < prompts; p++)
        {
            long slot = cursor + p;
            var id = Mixture.Pick(taskSeed, slot);
            var options = Curriculum?.OptionsFor(id);
            for (int k = 0; k < groupSize; k++)
                starts.Add(new EpisodeStart(id, _create(id, options), taskSeed, checked((int)slot), k));
        }
        return starts;
    }

    /// <summary>A fresh environment of <paramref name="id"/> at its current curriculum level.</summary>
    public IEnvironment Create(string id) => _create(id, Curriculum?.OptionsFor(id));
}
