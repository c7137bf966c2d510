using System.Globalization;
using System.Text;
using System.Text.Json;
using R1Gym.Training.Evaluation;
using R1Gym.Training;

namespace R1Gym.Recipes.Pipeline;

/// <summary>The final report: every evaluated stage side by side (report.json, report.md, stages.png).</summary>
public static class PipelineReport
{
    public static (string Json, string Markdown, string Chart) Write(string run, R1PipelineConfig config, IReadOnlyList<StageRecord> stages)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stages);
        var evaluated = stages.Where(s => s.Overall is not null).ToList();
        var json = Path.Combine(run, "report.json");
        File.WriteAllText(json, JsonSerializer.Serialize(new { task = config.Task, eval = config.Eval, stages }, EvalReport.Json));

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# R1 pipeline on `{config.Task}`");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Held-out evaluation after each stage: k = {config.Eval.Samples} samples at temperature {config.Eval.Temperature}, top-p {config.Eval.TopP}; accuracies in %, mean of tasks.");
        md.AppendLine();
        md.AppendLine($"| stage | pass@1 | maj@{config.Eval.Samples} | greedy | mean tokens | seconds |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var s in stages)
        {
            var o = s.Overall;
            string row = o is null
                ? string.Create(CultureInfo.InvariantCulture, $"| {s.Name} | | | | | {s.Seconds:F1} |")
                : string.Create(CultureInfo.InvariantCulture,
                    $"| {s.Name} | {o.PassAt1 * 100:F1} | {o.MajAtK * 100:F1} | {(o.Greedy is { } g ? (g * 100).ToString("F1", CultureInfo.InvariantCulture) : "-")} | {o.MeanResponseTokens:F1} | {s.Seconds:F1} |");
            md.AppendLine(row);
        }
        foreach (var s in stages.Where(s => s.Details is not null))
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"{s.Name}: `{s.Details!.ToJsonString()}`");
        }
        var markdown = Path.Combine(run, "report.md");
        File.WriteAllText(markdown, md.ToString());

        var chart = Path.Combine(run, "stages.png");
        if (evaluated.Count > 0)
            ScoresChart.Save(evaluated.Select(s => s.Name).ToList(),
                [("pass@1", evaluated.Select(s => s.Overall!.PassAt1).ToList()),
                 ($"maj@{config.Eval.Samples}", evaluated.Select(s => s.Overall!.MajAtK).ToList()),
                 ("greedy", evaluated.Select(s => s.Overall!.Greedy ?? 0).ToList())],
                $"R1 pipeline on {config.Task}: held-out accuracy per stage (%)", chart);
        return (json, markdown, chart);
    }
}
