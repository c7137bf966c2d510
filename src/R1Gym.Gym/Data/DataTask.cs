using System.Text.Json;
using System.Text.RegularExpressions;
using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>
/// A single-turn task over a JSONL data set. Seed 0 keeps file order (index 0 is the first line); any other seed
/// visits the rows in a fixed seeded permutation. Indexes wrap around every <see cref="Count"/> rows.
/// </summary>
internal sealed partial class DataTask(DataRows rows, IAnswerChecker checker) : IReasoningTask, IFiniteTask
{
    private const string RowKey = "row";

    // A reference swapped atomically: trainers call Generate from many threads.
    private Permutation? _permutation;

    public int Count => rows.Items.Count;

    public Problem Generate(long seed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var items = rows.Items;
        int position = index % items.Count;
        int at = seed == 0 ? position : Order(seed, items.Count)[position];
        var row = items[at];
        return new Problem(row.Prompt, row.Answer)
        {
            Key = new ProblemKey(seed, index),
            Metadata = new Dictionary<string, string>
            {
                ["source"] = $"{Path.GetFileName(rows.File)}:{row.Line}",
                [RowKey] = at.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
    }

    public ValueTask<Verdict> VerifyAsync(VerifyArgs args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        return ValueTask.FromResult(CheckerVerifier.Verify(checker, args));
    }

    public string? Solve(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (rows.Spec.SolutionField is null)
            return null;
        if (!problem.Metadata.TryGetValue(RowKey, out var text) || !int.TryParse(text, out var at) || at < 0 || at >= Count)
            return null;
        var row = rows.Items[at];
        if (row.Prompt != problem.Prompt || row.Solution is not { Length: > 0 } solution)
            return null;
        var reasoning = rows.Spec.AnswerFormat == "gsm8k" ? CleanGsm8k(solution) : solution;
        var answer = rows.Spec.AnswerFormat == "plain" ? problem.Answer : $"\\boxed{{{problem.Answer}}}";
        return R1Format.Compose(reasoning.Length == 0 ? solution : reasoning, answer);
    }

    private int[] Order(long seed, int count)
    {
        if (Volatile.Read(ref _permutation) is { } cached && cached.Seed == seed)
            return cached.Order;
        var order = Enumerable.Range(0, count).ToArray();
        new Random(DeterministicSeed.Combine(seed, -1)).Shuffle(order);
        Volatile.Write(ref _permutation, new Permutation(seed, order));
        return order;
    }

    /// <summary>GSM8K solutions end with "#### n" and carry calculator notes "&lt;&lt;4*2=8&gt;&gt;"; neither belongs in reasoning.</summary>
    private static string CleanGsm8k(string solution)
    {
        int marker = solution.LastIndexOf("####", StringComparison.Ordinal);
        var body = marker >= 0 ? solution[..marker] : solution;
        return CalculatorNote().Replace(body, "").Trim();
    }

    [GeneratedRegex("<<[^<>]*>>", RegexOptions.CultureInvariant)]
    private static partial Regex CalculatorNote();
}

/// <summary>The rows of one JSONL file, read once on first use; a bad row fails with file and line.</summary>
internal sealed class DataRows(string file, DataTaskSpec spec)
{
    private readonly Lazy<IReadOnlyList<DataRow>> _items = new(() => Load(file, spec));

    public string File { get; } = file;

    public DataTaskSpec Spec { get; } = spec;

    public IReadOnlyList<DataRow> Items => _items.Value;

    private static IReadOnlyList<DataRow> Load(string file, DataTaskSpec spec)
    {
        var rows = new List<DataRow>();
        int line = 0;
        foreach (var text in System.IO.File.ReadLines(file))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            rows.Add(Parse(file, line, text, spec));
        }
        if (rows.Count == 0)
            throw new R1GymException($"Data set {file} has no rows; expected one JSON object per line.");
        return rows;
    }

    private static DataRow Parse(string file, int line, string text, DataTaskSpec spec)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException e)
        {
            throw new R1GymException($"{file}:{line}: not a JSON object ({e.Message}). Write one JSON object per line.");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new R1GymException($"{file}:{line}: expected a JSON object with fields '{spec.PromptField}' and '{spec.AnswerField}', found {Kind(root.ValueKind)}. Write one JSON object per line.");
        string Field(string name) =>
            root.TryGetProperty(name, out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
                : throw new R1GymException($"{file}:{line}: field '{name}' is missing; the manifest of task '{spec.Id}' names it.");
        var rawAnswer = Field(spec.AnswerField!);
        var answer = spec.AnswerFormat switch
        {
            "gsm8k" => Answers.Gsm8k(rawAnswer),
            "boxed" => Answers.LastBoxed(rawAnswer),
            _ => rawAnswer.Trim(),
        };
        if (string.IsNullOrEmpty(answer))
            throw new R1GymException($"{file}:{line}: no answer found in field '{spec.AnswerField}' with answerFormat '{spec.AnswerFormat}'.");
        var solution = spec.SolutionField is null ? null : Field(spec.SolutionField);
        return new DataRow(line, Field(spec.PromptField!), answer, solution);
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}

internal sealed record Permutation(long Seed, int[] Order);

internal sealed record DataRow(int Line, string Prompt, string Answer, string? Solution);
