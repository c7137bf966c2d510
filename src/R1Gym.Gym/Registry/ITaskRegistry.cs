using System.Text.Json.Nodes;
using R1Gym.Abstractions;
using R1Gym.Testing;

namespace R1Gym.Gym;

/// <summary>
/// Every task the gym knows: plugins, script tasks and data tasks. Resolve it from DI (<c>AddR1GymGym</c>) or build one
/// in-process with <c>TaskRegistry.FromPlugins</c>. Loading happens on first use; failures are collected in
/// <see cref="Failures"/> instead of taking the other tasks down.
/// </summary>
public interface ITaskRegistry
{
    /// <summary>Every registered task, ordered by id.</summary>
    IReadOnlyList<TaskDescriptor> All { get; }

    /// <summary>Plugins, scripts and manifests that could not be loaded, with the reason.</summary>
    IReadOnlyList<LoadFailure> Failures { get; }

    /// <summary>The names of the registered answer checkers (built-in <c>exact</c> and <c>number</c>, plus plugins').</summary>
    IReadOnlyList<string> Checkers { get; }

    /// <summary>The names of the registered tools (built-in <c>csharp</c>, plus plugins').</summary>
    IReadOnlyList<string> Tools { get; }

    /// <summary>A new instance of tool <paramref name="name"/>.</summary>
    /// <exception cref="R1GymException">No such tool; the message lists the registered ones.</exception>
    ITool CreateTool(string name);

    /// <summary>The entry for <paramref name="id"/>, or null.</summary>
    TaskDescriptor? Find(string id);

    /// <summary>The entry for <paramref name="id"/>.</summary>
    /// <exception cref="UnknownTaskException">No such id; the message suggests the closest ones.</exception>
    TaskDescriptor Get(string id);

    /// <summary>Creates task <paramref name="id"/> with options bound from <paramref name="options"/> (null: defaults).</summary>
    /// <exception cref="UnknownTaskException">No such id.</exception>
    /// <exception cref="TaskOptionsException">The options do not bind or validate; every failure is listed.</exception>
    TaskInstance Create(string id, JsonObject? options = null);

    /// <summary>The answer checker named <paramref name="name"/>, or null.</summary>
    IAnswerChecker? FindChecker(string name);

    /// <summary>Raised after a watched plugin was rebuilt and its tasks re-registered (<see cref="GymOptions.Watch"/>).</summary>
    event EventHandler<TasksReloadedEventArgs>? Reloaded;
}

/// <summary>The source that was reloaded and the ids it registers now.</summary>
public sealed class TasksReloadedEventArgs(string source, IReadOnlyList<string> taskIds, LoadFailure? failure) : EventArgs
{
    public string Source { get; } = source;

    public IReadOnlyList<string> TaskIds { get; } = taskIds;

    /// <summary>Set when the new build failed to load; the previous tasks of the source were removed.</summary>
    public LoadFailure? Failure { get; } = failure;
}
