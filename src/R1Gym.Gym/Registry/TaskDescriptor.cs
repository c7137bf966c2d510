namespace R1Gym.Gym;

/// <summary>Single-turn task (one prompt, one completion) or multi-turn environment.</summary>
public enum TaskKind
{
    SingleTurn,
    MultiTurn,
}

/// <summary>Where a task was defined.</summary>
public enum TaskSourceKind
{
    /// <summary>A compiled <c>ITaskPlugin</c> (loaded from the plugins folder or registered in-process).</summary>
    Plugin,

    /// <summary>A <c>.csx</c> script under <c>tasks/</c>.</summary>
    Script,

    /// <summary>A JSONL data set with a <c>task.json</c> manifest under <c>tasks/</c>.</summary>
    Data,
}

/// <summary>A registry entry: what a task is, without creating it.</summary>
/// <param name="Id">The versioned id, <c>domain/name-vN</c>.</param>
/// <param name="Kind">Single-turn task or multi-turn environment.</param>
/// <param name="SourceKind">Plugin, script or data manifest.</param>
/// <param name="Source">The plugin name, the script path or the manifest path.</param>
/// <param name="Description">One line for listings.</param>
/// <param name="OptionsType">The options record the task binds (<c>NoOptions</c> when it has none).</param>
public sealed record TaskDescriptor(
    string Id, TaskKind Kind, TaskSourceKind SourceKind, string Source, string Description, Type OptionsType)
{
    /// <summary>The prefix of the id before the first '/', such as <c>math</c>.</summary>
    public string Domain => Id[..Id.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>True for held-out evaluation sets (for example AIME); trainers must not train on them.</summary>
    public bool EvaluationOnly { get; init; }
}
