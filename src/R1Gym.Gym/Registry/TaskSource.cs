using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>One unit of loading: a plugin, a script file or a data manifest. Its registrations commit all or nothing.</summary>
internal abstract class TaskSource
{
    protected TaskSource(string name, TaskSourceKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The plugin name or file path shown in listings and failures.</summary>
    public string Name { get; }

    public TaskSourceKind Kind { get; }

    /// <summary>Registers the source's tasks and checkers; throws when the source is broken.</summary>
    public abstract void Register(ITaskCatalog catalog);

    /// <summary>Raised when the source changed on disk and should be registered again.</summary>
    public event Action<TaskSource>? Changed;

    protected void OnChanged() => Changed?.Invoke(this);
}

/// <summary>Wraps an in-process plugin instance.</summary>
internal sealed class InstanceTaskSource(ITaskPlugin plugin)
    : TaskSource(plugin.GetType().Assembly.GetName().Name ?? plugin.GetType().Name, TaskSourceKind.Plugin)
{
    public override void Register(ITaskCatalog catalog) => plugin.Register(catalog);
}
