using R1Gym.Abstractions;
using R1Gym.Testing;

namespace R1Gym.Gym;

/// <summary>
/// A task created with validated options. Single-turn tasks expose <see cref="Task"/>; every task, single- or
/// multi-turn, can be played through <see cref="CreateEnvironment"/> (single-turn ones as one-step episodes).
/// </summary>
public sealed class TaskInstance
{
    private readonly Func<IEnvironment>? _createEnvironment;

    internal TaskInstance(TaskDescriptor descriptor, TaskOptions options, IReasoningTask? task, Func<IEnvironment>? createEnvironment)
    {
        Descriptor = descriptor;
        Options = options;
        Task = task;
        _createEnvironment = createEnvironment;
    }

    public TaskDescriptor Descriptor { get; }

    public TaskOptions Options { get; }

    /// <summary>The single-turn task, or null for a multi-turn environment.</summary>
    public IReasoningTask? Task { get; }

    public bool IsSingleTurn => Task is not null;

    /// <summary>The number of distinct problems for tasks over a fixed data set (<see cref="IFiniteTask"/>), else null.</summary>
    public int? Size => (Task as IFiniteTask)?.Count;

    /// <summary>The single-turn task, or a clear error for an environment.</summary>
    public IReasoningTask RequireTask() => Task ?? throw new R1GymException(
        $"Task '{Descriptor.Id}' is a multi-turn environment; play it through CreateEnvironment() instead of as a single-turn task.");

    /// <summary>A fresh episode slot: the environment itself, or a one-step episode adapter for single-turn tasks.</summary>
    public IEnvironment CreateEnvironment() =>
        Task is not null ? new SingleTurnEnvironment(Task) : _createEnvironment!();
}
