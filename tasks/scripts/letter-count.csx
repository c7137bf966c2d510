// A script task: one file, no project. The gym compiles it with Roslyn on first use and registers its tasks.
// Globals: `Tasks` (an ITaskCatalog). Imports: System.*, System.ComponentModel.DataAnnotations, R1Gym.Abstractions.

/// <summary>Options of text/letter-count-v1.</summary>
public sealed record LetterCountOptions : TaskOptions
{
    /// <summary>Words in the phrase to count in. Default: 1 (the classic "how many r's in strawberry").</summary>
    [Range(1, 8)]
    public int Words { get; init; } = 1;
}

/// <summary>How many times does a letter occur in a word or phrase? Easy for people, famously hard for tokenised models.</summary>
public sealed class LetterCountTask : ReasoningTask<LetterCountOptions>
{
    private static readonly string[] Vocabulary =
    [
        "strawberry", "banana", "mississippi", "bookkeeper", "committee", "parallel", "assessment", "occurrence",
        "necessary", "accommodation", "embarrassment", "millennium", "possession", "questionnaire", "tattoo", "balloon",
        "coffee", "address", "successful", "referee", "giraffe", "hippopotamus", "raspberry", "blueberry", "cinnamon",
        "broccoli", "spaghetti", "lollipop", "pepper", "tomorrow",
    ];

    public LetterCountTask(LetterCountOptions options) : base(options) { }

    protected override Problem Create(Random random, int index)
    {
        var words = Enumerable.Range(0, Options.Words).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]).ToArray();
        var phrase = string.Join(" ", words);
        // Drawn from the phrase's letters with repeats, so letters that occur several times come up more often.
        var letters = phrase.Where(char.IsLetter).ToArray();
        char letter = letters[random.Next(letters.Length)];
        int count = phrase.Count(c => c == letter);
        return new Problem($"How many times does the letter '{letter}' appear in \"{phrase}\"? Answer with a number.", count.ToString(), Options.Words)
        {
            Metadata = new Dictionary<string, string> { ["letter"] = letter.ToString(), ["phrase"] = phrase },
        };
    }

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken)
    {
        var answer = args.FinalAnswer;
        var number = answer is null ? null : Numbers.TryParse(answer, out _) ? answer : Answers.LastNumber(answer);
        if (number is null)
            return ValueTask.FromResult(Verdict.Wrong("no number in the final answer"));
        return ValueTask.FromResult(Numbers.AreEqual(number, args.Problem.Answer)
            ? Verdict.Correct()
            : Verdict.Wrong($"expected {args.Problem.Answer}, got {Numbers.Normalize(number)}"));
    }

    public override string? Solve(Problem problem)
    {
        var letter = problem.Metadata["letter"][0];
        var phrase = problem.Metadata["phrase"];
        var steps = new List<string>();
        int running = 0;
        foreach (var c in phrase.Where(char.IsLetter))
        {
            if (c == letter)
                running++;
            steps.Add(c == letter ? $"{c} <- {running}" : c.ToString());
        }
        var reasoning = $"Spell \"{phrase}\" letter by letter and count each '{letter}':\n{string.Join("\n", steps)}\nThat makes {running}.";
        return R1Format.Compose(reasoning, $"\\boxed{{{running}}}");
    }
}

Tasks.AddTask<LetterCountOptions>("text/letter-count-v1", o => new LetterCountTask(o), "Count a letter in a word or phrase (script task example)");
