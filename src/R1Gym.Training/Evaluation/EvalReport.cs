using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace R1Gym.Training.Evaluation;

/// <summary>The sampling settings a report was made with (so numbers are never quoted without them).</summary>
public sealed record EvalSettings(int Samples, double Temperature, double TopP, int MaxNewTokens, bool Greedy, int MaxProblems, long ProblemSeed, long Seed);

/// <summary>Macro averages over tasks: each task weighs the same, whatever its size (as papers average benchmarks).</summary>
public sealed record OverallScores(int Tasks, int Problems, [property: JsonPropertyName("pass_at_1")] double PassAt1, double MajAtK, double? Greedy, double MeanResponseTokens);

/// <summary>An evaluation of one model over several tasks.</summary>
public sealed record EvalReport
{
    public required string Model { get; init; }
    public required EvalSettings Settings { get; init; }
    public required IReadOnlyList<TaskScores> Tasks { get; init; }
    public required OverallScores Overall { get; init; }
    public required double Seconds { get; init; }

    /// <summary>Every problem's completions (written to <c>samples.jsonl</c>, not to the JSON report).</summary>
    [JsonIgnore]
    public IReadOnlyList<TaskEvaluation> Evaluations { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    public static EvalReport Create(string model, EvalOptions o, IReadOnlyList<TaskEvaluation> evaluations, double seconds)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var tasks = evaluations.Select(e => e.Scores).ToList();
        return new EvalReport
        {
            Model = model,
            Settings = new EvalSettings(o.Samples, o.Temperature, o.TopP, o.MaxNewTokens, o.Greedy, o.MaxProblems, o.ProblemSeed, o.Seed),
            Tasks = tasks,
            Overall = new OverallScores(
                tasks.Count,
                tasks.Sum(t => t.Problems),
                tasks.Average(t => t.PassAt1),
                tasks.Average(t => t.MajAtK.Values.First()),
                tasks.All(t => t.Greedy is not null) ? tasks.Average(t => t.Greedy!.Value) : null,
                tasks.Average(t => t.MeanResponseTokens)),
            Seconds = seconds,
            Evaluations = evaluations,
        };
    }

    /// <summary>A Markdown table: one row per task plus the overall row.</summary>
    public string ToMarkdown()
    {
        var s = Settings;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Evaluation of `{Model}`");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"k = {s.Samples} samples per problem at temperature {s.Temperature}, top-p {s.TopP}, at most {s.MaxNewTokens} new tokens; greedy: {(s.Greedy ? "yes" : "no")}; {Seconds:F1} s.");
        md.AppendLine();
        var passKeys = Tasks.SelectMany(t => t.PassAtK.Keys).Distinct().Where(k => k != "pass@1").ToList();
        string[] header = ["task", "problems", "pass@1", .. passKeys, $"maj@{s.Samples}", "greedy", "mean tokens", "format", "truncated"];
        md.AppendLine(Row(header));
        md.AppendLine(Row(header.Select((_, i) => i == 0 ? "---" : "---:")));
        foreach (var t in Tasks)
            md.AppendLine(Row([t.Task, t.Problems.ToString(CultureInfo.InvariantCulture), Pct(t.PassAt1),
                .. passKeys.Select(k => t.PassAtK.TryGetValue(k, out var v) ? Pct(v) : "-"),
                Pct(t.MajAtK.Values.First()), t.Greedy is { } g ? Pct(g) : "-", t.MeanResponseTokens.ToString("F1", CultureInfo.InvariantCulture),
                Pct(t.FormatRate), Pct(t.TruncatedRate)]));
        var o = Overall;
        md.AppendLine(Row(["**overall (mean of tasks)**", o.Problems.ToString(CultureInfo.InvariantCulture), Pct(o.PassAt1), .. passKeys.Select(_ => ""),
            Pct(o.MajAtK), o.Greedy is { } og ? Pct(og) : "-", o.MeanResponseTokens.ToString("F1", CultureInfo.InvariantCulture), "", ""]));
        return md.ToString();
    }

    private static string Row(IEnumerable<string> cells) => $"| {string.Join(" | ", cells)} |";

    private static string Pct(double v) => (v * 100).ToString("F1", CultureInfo.InvariantCulture);
}

/// <summary>Writes a report's files: <c>report.json</c>, <c>report.md</c>, <c>scores.png</c> and <c>samples.jsonl</c>.</summary>
public static class EvalReportWriter
{
    public static IReadOnlyList<string> Write(EvalReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, "report.json");
        File.WriteAllText(json, JsonSerializer.Serialize(report, EvalReport.Json));
        var md = Path.Combine(folder, "report.md");
        File.WriteAllText(md, report.ToMarkdown());
        var samples = Path.Combine(folder, "samples.jsonl");
        using (var writer = new StreamWriter(samples))
            foreach (var e in report.Evaluations)
                foreach (var o in e.Outcomes)
                    writer.WriteLine(JsonSerializer.Serialize(new
                    {
                        task = e.Scores.Task,
                        key = o.Problem.Key.ToString(),
                        prompt = o.Problem.Prompt,
                        answer = o.Problem.Answer,
                        samples = o.Samples.Select(s => new { completion = s.Completion, extracted = s.Answer, correct = s.Correct, reason = s.Reason, tokens = s.Tokens, finish = s.Finish }),
                        greedy = o.Greedy is null ? null : new { completion = o.Greedy.Completion, correct = o.Greedy.Correct, tokens = o.Greedy.Tokens },
                    }));
        var plot = Path.Combine(folder, "scores.png");
        ScoresChart.Save(
            report.Tasks.Select(t => t.Task).ToList(),
            [("pass@1", report.Tasks.Select(t => t.PassAt1).ToList()),
             ($"maj@{report.Settings.Samples}", report.Tasks.Select(t => t.MajAtK.Values.First()).ToList()),
             .. report.Settings.Greedy ? [("greedy", report.Tasks.Select(t => t.Greedy ?? 0).ToList())] : Array.Empty<(string, List<double>)>()],
            $"{report.Model}: accuracy per task (%)", plot);
        return [json, md, plot, samples];
    }
}
