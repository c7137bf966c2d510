using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>An id that is not registered; the message suggests the closest ids.</summary>
public sealed class UnknownTaskException : R1GymException
{
    public UnknownTaskException(string id, IReadOnlyList<string> suggestions, int registered)
        : base(Describe(id, suggestions, registered))
    {
        Id = id;
        Suggestions = suggestions;
    }

    public string Id { get; }

    public IReadOnlyList<string> Suggestions { get; }

    private static string Describe(string id, IReadOnlyList<string> suggestions, int registered)
    {
        var hint = suggestions.Count > 0
            ? $" Did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?"
            : "";
        return $"Unknown task id '{id}' ({registered} tasks are registered).{hint} Run 'r1gym tasks list' to see every id.";
    }
}
