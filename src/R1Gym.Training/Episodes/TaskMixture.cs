using System.Globalization;
using R1Gym.Abstractions;

namespace R1Gym.Training;

/// <summary>One entry of a mixture: a task or environment id and its sampling weight.</summary>
public sealed record TaskWeight(string Id, double Weight)
{
    /// <summary>Parses <c>id</c> (weight 1) or <c>id:weight</c>, as <c>--task game/nim-v1:0.5</c> writes it.</summary>
    public static TaskWeight Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        int colon = text.LastIndexOf(':');
        if (colon > 0 && double.TryParse(text.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double weight))
            return Checked(new TaskWeight(text[..colon].Trim(), weight), text);
        return Checked(new TaskWeight(text, 1.0), text);
    }

    private static TaskWeight Checked(TaskWeight entry, string text) =>
        entry.Id.Length == 0 || !(entry.Weight > 0) || double.IsInfinity(entry.Weight)
            ? throw new R1GymException($"Expected a task as 'id' or 'id:weight' with a positive weight (for example game/nim-v1:0.5), found '{text}'.")
            : entry;
}

/// <summary>
/// Several tasks trained at once with weights (<c>--task a:0.5 --task b:0.5</c>). Which task a prompt slot gets is a pure
/// function of (seed, slot), so a resumed run draws the same sequence. Weights need not sum to 1; they are normalised.
/// </summary>
public sealed class TaskMixture
{
    private readonly double[] _cumulative;

    public TaskMixture(IReadOnlyList<TaskWeight> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
            throw new R1GymException("A task mixture needs at least one task, for example --task game/nim-v1.");
        var duplicate = entries.GroupBy(e => e.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new R1GymException($"Task '{duplicate.Key}' appears {duplicate.Count()} times in the mixture; give each task once with its total weight.");
        Entries = entries;
        double total = entries.Sum(e => e.Weight), running = 0;
        _cumulative = entries.Select(e => running += e.Weight / total).ToArray();
        _cumulative[^1] = 1.0;
    }

    /// <summary>A mixture from <c>id[:weight]</c> strings.</summary>
    public static TaskMixture Parse(IEnumerable<string> specs) => new(specs.Select(TaskWeight.Parse).ToList());

    public IReadOnlyList<TaskWeight> Entries { get; }

    /// <summary>The normalised weight of <paramref name="id"/>.</summary>
    public double WeightOf(string id) => Entries.Where(e => e.Id == id).Sum(e => e.Weight) / Entries.Sum(e => e.Weight);

    /// <summary>The task of prompt slot <paramref name="slot"/> (a single task always returns itself).</summary>
    public string Pick(long seed, long slot)
    {
        if (Entries.Count == 1)
            return Entries[0].Id;
        double u = new Random(DeterministicSeed.Combine(seed ^ 0x5eed_7a5c, slot)).NextDouble();
        int i = Array.FindIndex(_cumulative, c => u < c);
        return Entries[i < 0 ? Entries.Count - 1 : i].Id;
    }
}
