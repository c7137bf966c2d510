using System.Text.Json;
using R1Gym.Abstractions;

namespace R1Gym.Training;

/// <summary>One supervised example: the rendered prompt (not trained on) and the completion (trained on).</summary>
public sealed record SftExample(string Prompt, string Completion);

/// <summary>Sources of SFT examples: a task's worked solutions, or a JSONL file of prompt/completion pairs.</summary>
public static class SftData
{
    /// <summary>
    /// Problems <c>0 .. count-1</c> of (<paramref name="seed"/>) with the task's reference solutions as completions. When the
    /// rendered prompt already opens the think block, the solution's own opening tag is dropped so it is not doubled.
    /// </summary>
    public static IReadOnlyList<SftExample> FromTask(IReasoningTask task, long seed, int count, Func<string, string> renderPrompt)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(renderPrompt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var examples = new List<SftExample>(count);
        for (int i = 0; i < count; i++)
        {
            var problem = task.Generate(seed, i);
            var solution = task.Solve(problem)
                ?? throw new R1GymException($"The task has no reference solver (Solve returned null for problem {i}); SFT needs worked solutions or a JSONL file.");
            var prompt = renderPrompt(problem.Prompt);
            examples.Add(new SftExample(prompt, JoinAfterPrompt(prompt, solution)));
        }
        return examples;
    }

    /// <summary>
    /// Reads <c>{"prompt": "...", "completion": "..."}</c> lines; each prompt is rendered with <paramref name="renderPrompt"/>
    /// (pass the identity for prompts that are already rendered). Every bad line is reported at once.
    /// </summary>
    public static IReadOnlyList<SftExample> FromJsonl(string path, Func<string, string> renderPrompt)
    {
        ArgumentNullException.ThrowIfNull(renderPrompt);
        if (!File.Exists(path))
            throw new R1GymException($"SFT data file '{Path.GetFullPath(path)}' does not exist; pass a JSONL file with one {{\"prompt\", \"completion\"}} object per line.");
        var examples = new List<SftExample>();
        var errors = new List<string>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"line {number}: expected a JSON object {{\"prompt\", \"completion\"}}, found {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}");
                    continue;
                }
                var prompt = doc.RootElement.TryGetProperty("prompt", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                var completion = doc.RootElement.TryGetProperty("completion", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                if (string.IsNullOrEmpty(prompt) || string.IsNullOrEmpty(completion))
                    errors.Add($"line {number}: expected non-empty string fields \"prompt\" and \"completion\"");
                else
                {
                    var rendered = renderPrompt(prompt);
                    examples.Add(new SftExample(rendered, JoinAfterPrompt(rendered, completion)));
                }
            }
            catch (JsonException e)
            {
                errors.Add($"line {number}: not JSON ({e.Message})");
            }
        }
        if (errors.Count > 0)
            throw new R1GymException($"{path} has {errors.Count} bad line(s): {string.Join("; ", errors.Take(10))}. Write one {{\"prompt\": \"...\", \"completion\": \"...\"}} object per line.");
        if (examples.Count == 0)
            throw new R1GymException($"{path} holds no examples.");
        return examples;
    }

    /// <summary>Drops a leading <c>&lt;think&gt;</c> from the completion when the prompt already ends by opening it.</summary>
    public static string JoinAfterPrompt(string prompt, string completion)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(completion);
        if (prompt.TrimEnd().EndsWith(Answers.ThinkOpen, StringComparison.Ordinal) && completion.StartsWith(Answers.ThinkOpen, StringComparison.Ordinal))
            return completion[Answers.ThinkOpen.Length..].TrimStart('\n');
        return completion;
    }
}
