using System.Text.RegularExpressions;
using R1Gym.Abstractions;

namespace R1Gym.Testing;

/// <summary>The rule for task ids, <c>domain/name-vN</c>, as the host enforces it when a plugin registers a task.</summary>
public static partial class TaskIdFormat
{
    /// <summary>True for ids such as <c>math/arithmetic-v1</c>: lower-case segments, a '/' after the domain, a version suffix.</summary>
    public static bool IsValid(string? id) => id is not null && id.Length <= 200 && IdPattern().IsMatch(id);

    /// <summary>Throws a clear error for an id that does not follow the rule.</summary>
    /// <exception cref="R1GymException">The id is not of the form <c>domain/name-vN</c>.</exception>
    public static void Validate(string id)
    {
        if (!IsValid(id))
            throw new R1GymException(
                $"Invalid task id '{id}': expected 'domain/name-vN' in lower case (letters, digits, '-', '_', '.'), for example 'math/arithmetic-v1'.");
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_.-]*(?:/[a-z0-9][a-z0-9_.-]*)+-v[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
