using R1Gym.Abstractions;

namespace R1Gym.Testing;

/// <summary>Options that failed to bind or validate; <see cref="Errors"/> holds every failure at once.</summary>
public sealed class TaskOptionsException : R1GymException
{
    public TaskOptionsException(string id, Type optionsType, IReadOnlyList<string> errors)
        : base($"Invalid options for task '{id}' ({optionsType?.Name}): {string.Join("; ", errors ?? [])}")
    {
        Errors = errors ?? [];
    }

    public IReadOnlyList<string> Errors { get; }
}
