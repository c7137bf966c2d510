using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.RegularExpressions;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Logic;

/// <summary>Knobs of <c>logic/knights-knaves-v1</c>.</summary>
public sealed record KnightsKnavesOptions : TaskOptions
{
    /// <summary>Islanders in the puzzle, each making one statement. Default: 3.</summary>
    [Range(2, 8)]
    public int People { get; init; } = 3;
}

/// <summary>
/// Knights always tell the truth, knaves always lie. Every islander makes one statement; the generator keeps only puzzles
/// whose assignment is unique, checked exhaustively over all 2^n assignments. Answers read "Alice: knight, Ben: knave".
/// </summary>
internal sealed partial class KnightsKnavesTask(KnightsKnavesOptions options) : ReasoningTask<KnightsKnavesOptions>(options)
{
    internal static readonly string[] Names = ["Alice", "Ben", "Cara", "Dan", "Eve", "Finn", "Gina", "Hugo"];

    protected override Problem Create(Random random, int index) => Build(random).Problem;

    internal (Problem Problem, Statement[] Statements) Build(Random random)
    {
        int n = Options.People;
        var names = Names[..n];
        while (true)
        {
            var truth = Enumerable.Range(0, n).Select(_ => random.Next(2) == 0).ToArray();
            var statements = new Statement[n];
            for (int i = 0; i < n; i++)
                statements[i] = Consistent(random, i, names, truth);
            // Re-draw one statement at a time until the assignment is forced; a fresh draw is cheap and converges fast.
            for (int round = 0; round < 50 && CountSolutions(statements, 2) > 1; round++)
            {
                int who = random.Next(n);
                statements[who] = Consistent(random, who, names, truth);
            }
            if (CountSolutions(statements, 2) != 1)
                continue;
            var prompt = new StringBuilder()
                .Append($"On an island every inhabitant is either a knight, who always tells the truth, or a knave, who always lies. ")
                .Append($"You meet {n} inhabitants: {string.Join(", ", names)}.\n");
            for (int i = 0; i < n; i++)
                prompt.Append($"{names[i]} says: \"{statements[i].Text}\"\n");
            prompt.Append("Who is a knight and who is a knave? Give your final answer inside <answer></answer> tags in the form ")
                .Append($"<answer>{string.Join(", ", names.Select((name, i) => $"{name}: {(i % 2 == 0 ? "knight" : "knave")}"))}</answer>.");
            return (new Problem(prompt.ToString(), Format(names, truth), n), statements);
        }
    }

    private static Statement Consistent(Random random, int speaker, string[] names, bool[] truth)
    {
        while (true)
        {
            var statement = Statement.Random(random, speaker, names);
            if (statement.Holds(truth) == truth[speaker])
                return statement;
        }
    }

    /// <summary>Assignments under which every knight's statement is true and every knave's false, counted up to <paramref name="limit"/>.</summary>
    internal static int CountSolutions(IReadOnlyList<Statement> statements, int limit)
    {
        int n = statements.Count, count = 0;
        for (int mask = 0; mask < 1 << n && count < limit; mask++)
        {
            var s = Assignment(mask, n);
            if (Enumerable.Range(0, n).All(i => statements[i].Holds(s) == s[i]))
                count++;
        }
        return count;
    }

    private static bool[] Assignment(int mask, int n) => Enumerable.Range(0, n).Select(i => (mask >> i & 1) == 1).ToArray();

    internal static string Format(IEnumerable<string> names, IReadOnlyList<bool> truth) =>
        string.Join(", ", names.Select((name, i) => $"{name}: {(truth[i] ? "knight" : "knave")}"));

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken)
    {
        var answer = args.FinalAnswer;
        if (answer is null)
            return ValueTask.FromResult(Verdict.Wrong("no final answer found (expected \"Alice: knight, Ben: knave\")"));
        var expected = Parse(args.Problem.Answer);
        var given = Parse(answer);
        var missing = expected.Keys.Where(name => !given.ContainsKey(name)).ToList();
        if (missing.Count > 0)
            return ValueTask.FromResult(Verdict.Wrong($"no knight/knave verdict for {string.Join(", ", missing)}"));
        if (Hedged(answer) is { } hedge)
            return ValueTask.FromResult(Verdict.Wrong(hedge));
        var wrong = expected.Where(kv => given[kv.Key] != kv.Value).Select(kv => kv.Key).ToList();
        return ValueTask.FromResult(wrong.Count == 0
            ? Verdict.Correct()
            : Verdict.Wrong($"wrong about {string.Join(", ", wrong)}"));
    }

    /// <summary>The last verdict written for each name: "Alice: knight", "Alice is a knave", "Alice - Knight".</summary>
    internal static Dictionary<string, bool> Parse(string text)
    {
        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (Match match in VerdictPattern().Matches(text))
        {
            var name = Names.FirstOrDefault(n => n.Equals(match.Groups["name"].Value, StringComparison.OrdinalIgnoreCase));
            if (name is not null)
                verdicts[name] = match.Groups["kind"].Value.Equals("knight", StringComparison.OrdinalIgnoreCase);
        }
        return verdicts;
    }

    /// <summary>
    /// Why the answer hedges, or null: a name given both roles ("Alice: knave ... Alice: knight"), or both roles offered
    /// as alternatives ("Alice: knight or knave"). Without this the last verdict would win and hedging would be free.
    /// </summary>
    internal static string? Hedged(string text)
    {
        var roles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in VerdictPattern().Matches(text))
        {
            var name = match.Groups["name"].Value;
            if (!Names.Contains(name, StringComparer.OrdinalIgnoreCase))
                continue;
            var kind = match.Groups["kind"].Value;
            if (roles.TryGetValue(name, out var earlier) && !earlier.Equals(kind, StringComparison.OrdinalIgnoreCase))
                return $"{name} is called both a {earlier.ToLowerInvariant()} and a {kind.ToLowerInvariant()}";
            roles[name] = kind;
        }
        return RoleAlternatives().IsMatch(text) ? "the answer offers both roles (\"knight or knave\"); give exactly one role per person" : null;
    }

    public override string? Solve(Problem problem)
    {
        // Statements carry their meaning as code, not text: replay the generator for this problem's (seed, index).
        var (replayed, statements) = Build(new Random(DeterministicSeed.Combine(problem.Key.Seed, problem.Key.Index)));
        if (replayed.Prompt != problem.Prompt)
            return null;
        var names = Names[..statements.Length];
        var parsed = Parse(problem.Answer);
        var truth = names.Select(name => parsed[name]).ToArray();
        var reasoning = new StringBuilder($"Each of the {names.Length} inhabitants is a knight or a knave, so there are {1 << names.Length} possible assignments. ")
            .Append("An assignment is consistent when every knight's statement is true and every knave's statement is false.\n");
        if (names.Length <= 4)
        {
            for (int mask = 0; mask < 1 << names.Length; mask++)
            {
                var s = Assignment(mask, names.Length);
                int broken = Enumerable.Range(0, names.Length).FirstOrDefault(i => statements[i].Holds(s) != s[i], -1);
                reasoning.Append($"- {Format(names, s)}: ")
                    .Append(broken < 0 ? "every statement fits.\n"
                        : $"{names[broken]} would be a {(s[broken] ? "knight" : "knave")}, but \"{statements[broken].Text}\" is then {(s[broken] ? "false" : "true")}.\n");
            }
        }
        else
        {
            reasoning.Append($"Trying the candidate {Format(names, truth)}:\n");
            for (int i = 0; i < names.Length; i++)
                reasoning.Append($"- {names[i]} is a {(truth[i] ? "knight and says the true" : "knave and says the false")} statement \"{statements[i].Text}\".\n");
            for (int i = 0; i < names.Length; i++)
            {
                var flipped = truth.ToArray();
                flipped[i] = !flipped[i];
                int broken = Enumerable.Range(0, names.Length).First(j => statements[j].Holds(flipped) != flipped[j]);
                reasoning.Append($"If {names[i]} were a {(flipped[i] ? "knight" : "knave")} instead, \"{statements[broken].Text}\" ({names[broken]}) would no longer fit.\n");
            }
            reasoning.Append("Checking every other assignment the same way, each makes some statement contradict its speaker.\n");
        }
        reasoning.Append("Only one assignment is consistent.");
        return R1Format.Compose(reasoning.ToString(), $"<answer>{problem.Answer}</answer>");
    }

    // The separator is atomic: two adjacent \s* that may backtrack against each other are quadratic in a run of spaces.
    [GeneratedRegex(@"\b(?<name>[A-Za-z]+)\b(?>\s*(?::|-|=|\bis\b(?:\s+a)?)?\s*)\b(?<kind>knight|knave)s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex VerdictPattern();

    [GeneratedRegex(@"\b(?:knight|knave)s?\s*(?:/|\bor\b)\s*(?:an?\s+)?(?:knight|knave)s?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RoleAlternatives();
}
