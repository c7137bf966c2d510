using System.Text.RegularExpressions;
using R1Gym.Testing;

namespace R1Gym.Gym;

/// <summary>Task id rules (<c>domain/name-vN</c>) and "did you mean" suggestions.</summary>
public static partial class TaskIds
{
    /// <summary>True for ids such as <c>math/arithmetic-v1</c> (the rule is <see cref="TaskIdFormat"/>).</summary>
    public static bool IsValid(string? id) => TaskIdFormat.IsValid(id);

    /// <summary>Throws a clear error for an id that does not follow the rules.</summary>
    public static void Validate(string id) => TaskIdFormat.Validate(id);

    /// <summary>Up to <paramref name="max"/> known ids closest to <paramref name="id"/> (edit distance, shared stem).</summary>
    public static IReadOnlyList<string> Suggest(string id, IEnumerable<string> known, int max = 3)
    {
        var query = (id ?? "").Trim().ToLowerInvariant();
        var stem = StripVersion(query);
        return known
            .Select(k => (Id: k, Score: Distance(query, k), Stem: StripVersion(k)))
            .Where(k => k.Score <= Math.Max(3, query.Length / 3)
                || (stem.Length >= 3 && (k.Stem.Contains(stem, StringComparison.Ordinal) || stem.Contains(k.Stem, StringComparison.Ordinal)))
                || k.Stem.EndsWith("/" + stem, StringComparison.Ordinal))
            .OrderBy(k => k.Score)
            .ThenBy(k => k.Id, StringComparer.Ordinal)
            .Take(max)
            .Select(k => k.Id)
            .ToList();
    }

    private static string StripVersion(string id)
    {
        var match = VersionSuffix().Match(id);
        return match.Success ? id[..match.Index] : id;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    [GeneratedRegex(@"-v[0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionSuffix();
}
