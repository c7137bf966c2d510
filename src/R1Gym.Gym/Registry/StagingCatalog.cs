using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// The <see cref="ITaskCatalog"/> one source registers into. Registrations are staged and committed by the registry
/// only when the whole source registered without error; duplicates are refused at once, with both sources named.
/// </summary>
internal sealed class StagingCatalog(
    IServiceProvider services, TaskSource source, Func<string, string?> ownerOfTask, Func<string, string?> ownerOfChecker, ITaskRegistry registry,
    Func<string, string?>? ownerOfTool = null)
    : ITaskCatalog
{
    /// <summary>Looks a checker up in the registry when a task is created (all sources are loaded by then).</summary>
    public IAnswerChecker? FindChecker(string name) => registry.FindChecker(name);

    public IReadOnlyList<string> KnownCheckers() => registry.Checkers;

    public IServiceProvider Services { get; } = services;

    public List<TaskRegistration> Tasks { get; } = [];

    public Dictionary<string, IAnswerChecker> Checkers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, Func<ITool>> Tools { get; } = new(StringComparer.Ordinal);

    public void AddTask<TOptions>(string id, Func<TOptions, IReasoningTask> create, string description = "")
        where TOptions : TaskOptions, new()
    {
        ArgumentNullException.ThrowIfNull(create);
        var descriptor = Describe(id, TaskKind.SingleTurn, typeof(TOptions), description);
        Tasks.Add(new TaskRegistration(descriptor, o => create((TOptions)o), null));
    }

    public void AddEnvironment<TOptions>(string id, Func<TOptions, IEnvironment> create, string description = "")
        where TOptions : TaskOptions, new()
    {
        ArgumentNullException.ThrowIfNull(create);
        var descriptor = Describe(id, TaskKind.MultiTurn, typeof(TOptions), description);
        Tasks.Add(new TaskRegistration(descriptor, null, o => create((TOptions)o)));
    }

    /// <summary>Data tasks register through here with their own descriptor (evaluation-only flag, manifest path).</summary>
    public void AddRegistration(TaskRegistration registration)
    {
        CheckTaskId(registration.Descriptor.Id);
        Tasks.Add(registration);
    }

    public void AddChecker(string name, IAnswerChecker checker)
    {
        ArgumentNullException.ThrowIfNull(checker);
        if (string.IsNullOrWhiteSpace(name))
            throw new R1GymException("A checker name must be a non-empty word such as 'math'.");
        if (Checkers.ContainsKey(name))
            throw new R1GymException($"Checker '{name}' is registered twice by {source.Name}; register each name once.");
        if (ownerOfChecker(name) is { } owner)
            throw new R1GymException($"Checker '{name}' from {source.Name} is refused: {owner} already registers it. Choose another name.");
        Checkers[name] = checker;
    }

    public void AddTool(string name, Func<ITool> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (!ToolNames.IsValid(name))
            throw new R1GymException($"Tool name '{name}' from {source.Name} is refused: expected 1-64 lowercase letters, digits, '_' or '-' (for example 'csharp').");
        if (Tools.ContainsKey(name))
            throw new R1GymException($"Tool '{name}' is registered twice by {source.Name}; register each name once.");
        if (ownerOfTool?.Invoke(name) is { } owner)
            throw new R1GymException($"Tool '{name}' from {source.Name} is refused: {owner} already registers it. Choose another name.");
        Tools[name] = create;
    }

    private TaskDescriptor Describe(string id, TaskKind kind, Type optionsType, string description)
    {
        CheckTaskId(id);
        return new TaskDescriptor(id, kind, source.Kind, source.Name, description ?? "", optionsType);
    }

    private void CheckTaskId(string id)
    {
        TaskIds.Validate(id);
        if (Tasks.Any(t => t.Descriptor.Id == id))
            throw new R1GymException($"Task id '{id}' is registered twice by {source.Name}; each id must be unique (bump the -vN suffix for a new version).");
        if (ownerOfTask(id) is { } owner)
            throw new R1GymException($"Task id '{id}' from {source.Name} is refused: {owner} already registers it. Ids must be unique; rename one of them.");
    }
}
