using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// Named groups of evaluation tasks, so a report is asked for by benchmark suite (<c>math-eval</c>) rather than by a list
/// of ids. A set's members that are not installed are left out and named, so a partial suite is never mistaken for a
/// whole one.
/// </summary>
public static class TaskSets
{
    /// <summary>The sets and their members.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> All { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        // DeepSeek-R1's math benchmarks at small scale: GSM8K test, MATH-500, AIME 2024 and 2025.
        ["math-eval"] = ["math/gsm8k-test-v1", "math/math500-v1", "math/aime24-v1", "math/aime25-v1"],
        ["gsm8k"] = ["math/gsm8k-test-v1"],
        ["aime"] = ["math/aime24-v1", "math/aime25-v1"],
    };

    /// <summary>The result of expanding ids and set names.</summary>
    /// <param name="Tasks">Task ids to evaluate, each once, in the order given.</param>
    /// <param name="Missing">Members of named sets that the registry does not have.</param>
    public sealed record Expansion(IReadOnlyList<string> Tasks, IReadOnlyList<string> Missing);

    /// <summary>
    /// Expands set names into their installed members; plain ids pass through (the registry reports unknown ones with
    /// "did you mean").
    /// </summary>
    public static Expansion Expand(IEnumerable<string> idsOrSets, ITaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(idsOrSets);
        ArgumentNullException.ThrowIfNull(registry);
        var tasks = new List<string>();
        var missing = new List<string>();
        foreach (var name in idsOrSets)
        {
            if (All.TryGetValue(name, out var members))
            {
                foreach (var id in members)
                    (registry.Find(id) is null ? missing : tasks).Add(id);
                if (members.All(id => registry.Find(id) is null))
                    throw new R1GymException($"None of the tasks of set '{name}' is installed ({string.Join(", ", members)}); add their data under tasks/ or pass task ids.");
            }
            else
            {
                registry.Get(name);
                tasks.Add(name);
            }
        }
        return new Expansion(tasks.Distinct(StringComparer.Ordinal).ToList(), missing.Distinct(StringComparer.Ordinal).ToList());
    }
}
