using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.RegularExpressions;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Logic;

/// <summary>Knobs of <c>logic/zebra-v1</c>.</summary>
public sealed record ZebraOptions : TaskOptions
{
    /// <summary>Houses in the row (and values per attribute). Default: 4.</summary>
    [Range(2, 6)]
    public int Houses { get; init; } = 4;

    /// <summary>Attributes per house (color, nationality, drink, pet, hobby). Default: 3.</summary>
    [Range(2, 5)]
    public int Attributes { get; init; } = 3;
}

/// <summary>
/// Zebra (Einstein) puzzles: a random assignment, a pool of true clues, then clues dropped in random order while a
/// propagation-and-search solver still finds exactly one solution. Answers list each house: "House 1: red, Dane, tea".
/// </summary>
internal sealed partial class ZebraTask(ZebraOptions options) : ReasoningTask<ZebraOptions>(options)
{
    private static readonly (string Name, string[] Values, string Phrase)[] Catalog =
    [
        ("color", ["red", "green", "blue", "yellow", "white", "purple"], "the person in the {0} house"),
        ("nationality", ["Brit", "Swede", "Dane", "Norwegian", "German", "Italian"], "the {0}"),
        ("drink", ["tea", "coffee", "milk", "water", "juice", "cocoa"], "the person who drinks {0}"),
        ("pet", ["dog", "cat", "bird", "fish", "horse", "rabbit"], "the person who keeps the {0}"),
        ("hobby", ["chess", "tennis", "painting", "reading", "hiking", "cooking"], "the person who likes {0}"),
    ];

    protected override Problem Create(Random random, int index) => Build(random).Problem;

    internal (Problem Problem, Puzzle Puzzle) Build(Random random)
    {
        int n = Options.Houses, k = Options.Attributes;
        var attributes = Enumerable.Range(0, Catalog.Length).OrderBy(_ => random.Next()).Take(k).Order().ToArray();
        // values[a][v] is the name of value v of attribute a; house[a * n + v] is where it lives in the solution.
        var values = attributes.Select(a => Catalog[a].Values.OrderBy(_ => random.Next()).Take(n).ToArray()).ToArray();
        var house = new int[n * k];
        for (int a = 0; a < k; a++)
        {
            var order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
            for (int v = 0; v < n; v++)
                house[a * n + v] = order[v];
        }
        var clues = Reduce(random, Pool(random, house, n, k), n, k);
        var puzzle = new Puzzle(attributes, values, house, clues);
        var prompt = new StringBuilder()
            .Append($"{n} houses stand in a row, numbered 1 to {n} from left to right. In each house lives one person, and each house has a different ")
            .Append(Join(attributes.Select(a => Catalog[a].Name), "and")).Append(".\n");
        for (int a = 0; a < k; a++)
            prompt.Append($"- {Catalog[attributes[a]].Name}: {string.Join(", ", values[a].Order(StringComparer.Ordinal))}\n");
        prompt.Append("Clues:\n");
        for (int c = 0; c < clues.Count; c++)
            prompt.Append($"{c + 1}. {clues[c].Describe(puzzle.Phrase)}\n");
        prompt.Append("Work out what belongs to each house. Give your final answer inside <answer></answer> tags, one line per house listing its ")
            .Append(string.Join(", ", attributes.Select(a => Catalog[a].Name))).Append(" in that order, for example:\n<answer>\n")
            .Append($"House 1: {string.Join(", ", attributes.Select(a => $"<{Catalog[a].Name}>"))}\n...\n</answer>");
        return (new Problem(prompt.ToString(), puzzle.AnswerText(), n * k), puzzle);
    }

    /// <summary>True clues of every kind, plus "X lives in house h" for every item so the pool alone is always unique.</summary>
    private static List<ZebraClue> Pool(Random random, int[] house, int n, int k)
    {
        var pool = new List<ZebraClue>();
        for (int tries = 0; tries < 40 * n * k && pool.Count < 3 * n * k; tries++)
        {
            int a = random.Next(n * k), b = random.Next(n * k);
            if (a == b)
                continue;
            var relation = (ZebraRelation)random.Next(5);
            bool sameAttribute = a / n == b / n;
            if (sameAttribute && relation is ZebraRelation.SameHouse or ZebraRelation.DifferentHouse)
                continue;
            var clue = new ZebraClue(relation, a, b);
            if (clue.Holds(house[a], house[b]))
                pool.Add(clue);
        }
        for (int item = 0; item < n * k; item++)
        {
            pool.Add(new ZebraClue(ZebraRelation.InHouse, item, -1, house[item]));
            int other = (house[item] + 1 + random.Next(n - 1)) % n;
            pool.Add(new ZebraClue(ZebraRelation.NotInHouse, item, -1, other));
        }
        return pool;
    }

    /// <summary>Drops clues (direct placements first) while the solution stays unique, then shuffles the rest.</summary>
    private static List<ZebraClue> Reduce(Random random, List<ZebraClue> pool, int n, int k)
    {
        var clues = pool.OrderBy(c => c.Relation == ZebraRelation.InHouse ? 0 : 1).ThenBy(_ => random.Next()).ToList();
        foreach (var clue in clues.ToList())
        {
            clues.Remove(clue);
            if (new ZebraSolver(n, k, clues).Count(2, out _) != 1)
                clues.Add(clue);
        }
        return clues.OrderBy(_ => random.Next()).ToList();
    }

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken)
    {
        var answer = args.FinalAnswer;
        if (answer is null)
            return ValueTask.FromResult(Verdict.Wrong("no final answer found (expected lines like \"House 1: ...\")"));
        var expected = ParseHouses(args.Problem.Answer);
        var given = ParseHouses(answer);
        foreach (var (value, where) in expected)
        {
            if (!given.TryGetValue(value, out var at))
                return ValueTask.FromResult(Verdict.Wrong($"{value} is not placed in any house"));
            if (at != where)
                return ValueTask.FromResult(Verdict.Wrong(at < 0 ? $"{value} is placed in more than one house" : $"{value} is placed in house {at}"));
        }
        return ValueTask.FromResult(Verdict.Correct());
    }

    /// <summary>
    /// Every known value word after "House h:" (up to the next "House" or the end of the line), mapped to h; the last
    /// entry for a house wins. Reading up to the next house lets one-line answers ("House 1: red; House 2: blue") count.
    /// </summary>
    internal static Dictionary<string, int> ParseHouses(string text)
    {
        var lines = new Dictionary<int, string>();
        foreach (Match match in HouseLine().Matches(text))
        {
            if (int.TryParse(match.Groups["house"].ValueSpan, out int h))
                lines[h] = match.Groups["rest"].Value;
        }
        var known = Catalog.SelectMany(a => a.Values).ToDictionary(v => v, StringComparer.OrdinalIgnoreCase);
        var placed = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (h, rest) in lines)
        {
            foreach (Match word in Word().Matches(rest))
            {
                if (known.TryGetValue(word.Value, out var value))
                    placed[value] = placed.TryGetValue(value, out var other) && other != h ? -1 : h;
            }
        }
        return placed;
    }

    public override string? Solve(Problem problem)
    {
        var (replayed, puzzle) = Build(new Random(DeterministicSeed.Combine(problem.Key.Seed, problem.Key.Index)));
        if (replayed.Prompt != problem.Prompt)
            return null;
        var reasoning = new StringBuilder("I track which house each item can be in and apply the clues until everything is placed.\n");
        var solver = new ZebraSolver(Options.Houses, Options.Attributes, puzzle.Clues);
        foreach (var (item, h, why) in solver.Explain(puzzle.House))
            reasoning.Append($"{Capital(puzzle.Phrase(item))} lives in house {h + 1} ({why}).\n");
        reasoning.Append("Every clue holds for this arrangement, and it is the only one.");
        return R1Format.Compose(reasoning.ToString(), $"<answer>\n{problem.Answer}\n</answer>");
    }

    private static string Join(IEnumerable<string> words, string conjunction)
    {
        var list = words.ToList();
        return list.Count == 1 ? list[0] : $"{string.Join(", ", list[..^1])} {conjunction} {list[^1]}";
    }

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    internal sealed record Puzzle(int[] Attributes, string[][] Values, int[] House, List<ZebraClue> Clues)
    {
        private int Houses => Values[0].Length;

        public string Phrase(int item) =>
            string.Format(System.Globalization.CultureInfo.InvariantCulture, Catalog[Attributes[item / Houses]].Phrase, Values[item / Houses][item % Houses]);

        public string AnswerText() => string.Join("\n", Enumerable.Range(0, Houses).Select(h =>
            $"House {h + 1}: " + string.Join(", ", Enumerable.Range(0, Attributes.Length).Select(a =>
                Values[a][Enumerable.Range(0, Houses).First(v => House[a * Houses + v] == h)]))));
    }

    // "\s*#?\s*" would let two \s* backtrack against each other (quadratic in a run of spaces); "(?:#\s*)?" cannot.
    [GeneratedRegex(@"house\s*(?:#\s*)?(?<house>\d{1,2})\b\s*[:=\-)]?(?<rest>(?:(?!house\s*(?:#\s*)?\d)[^\n])*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HouseLine();

    [GeneratedRegex(@"[A-Za-z]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Word();
}
