using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using R1Gym.Abstractions;
using R1Gym.Gym;
using R1Gym.Model;
using R1Gym.Training.Evaluation;

namespace R1Gym.Training.Distillation;

/// <summary>
/// Knobs of rejection sampling (bound from the <c>RejectionSampling</c> section): DeepSeek-R1's stage-3 data (Guo et al.
/// 2025, §2.3.3), N completions per prompt, kept when the verifier accepts them and they pass the readability filters.
/// </summary>
public sealed class RejectionSamplingOptions
{
    public const string SectionName = "RejectionSampling";

    /// <summary>Prompts drawn from the task. Default: 1000.</summary>
    [Range(1, 10_000_000)]
    public int Prompts { get; set; } = 1000;

    /// <summary>N, completions sampled per prompt. Default: 4.</summary>
    [Range(1, 1024)]
    public int SamplesPerPrompt { get; set; } = 4;

    /// <summary>Distinct accepted completions kept per prompt at most. Default: 2.</summary>
    [Range(1, 1024)]
    public int MaxKeptPerPrompt { get; set; } = 2;

    /// <summary>Sampling temperature (R1's evaluation setting; high enough for diverse traces). Default: 0.6.</summary>
    [Range(0.01, 10.0)]
    public double Temperature { get; set; } = 0.6;

    /// <summary>Nucleus sampling. Default: 0.95.</summary>
    [Range(0.01, 1.0)]
    public double TopP { get; set; } = 0.95;

    /// <summary>Generation budget in tokens. Default: 1024.</summary>
    [Range(1, 1_000_000)]
    public int MaxNewTokens { get; set; } = 1024;

    /// <summary>Seed of the task's problem stream (use one apart from the evaluation's). Default: 2.</summary>
    public long TaskSeed { get; set; } = 2;

    /// <summary>Seed of the sampling. Default: 0.</summary>
    public long Seed { get; set; }

    /// <summary>Sequences per generation call. Default: 64.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Which completions count as readable.</summary>
    public ReadabilityOptions Readability { get; set; } = new();
}

/// <summary>What rejection sampling produced, and why the rest was dropped.</summary>
public sealed record RejectionSamplingReport
{
    public required string Task { get; init; }
    public required int Prompts { get; init; }
    public required int Sampled { get; init; }
    public required int Verified { get; init; }
    public required int Kept { get; init; }
    public required int PromptsWithKept { get; init; }
    /// <summary>Rejections by reason: "verifier", "format", "language", "repetition", "truncated", "duplicate", "per_prompt_cap".</summary>
    public required IReadOnlyDictionary<string, int> Rejected { get; init; }
    public required string Output { get; init; }
}

/// <summary>One line of the SFT data set: a prompt/completion pair (what <see cref="SftData.FromJsonl"/> reads) and where it came from.</summary>
public sealed record SampledTrace(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("completion")] string Completion,
    [property: JsonPropertyName("provenance")] TraceProvenance Provenance);

/// <remarks>SampleIndex: The completion's index among the prompt's N samples.</remarks>
public sealed record TraceProvenance(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("problem_key")] string ProblemKey,
    [property: JsonPropertyName("answer")] string Answer,
    [property: JsonPropertyName("sample_index")] int SampleIndex,
    [property: JsonPropertyName("temperature")] double Temperature,
    [property: JsonPropertyName("top_p")] double TopP,
    [property: JsonPropertyName("max_new_tokens")] int MaxNewTokens,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("verdict_score")] double VerdictScore,
    [property: JsonPropertyName("verdict_reason")] string VerdictReason,
    [property: JsonPropertyName("tokens")] int Tokens);

/// <summary>Samples, verifies, filters and deduplicates; writes the kept traces as JSONL (atomically).</summary>
public static class RejectionSampler
{
    public static async Task<RejectionSamplingReport> RunAsync(CausalLM model, ITextTokenizer tokenizer, string modelName, string taskId, IReasoningTask task,
        Func<string, string> renderPrompt, RejectionSamplingOptions options, string outputPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        OptionsValidation.ThrowIfInvalid(options, RejectionSamplingOptions.SectionName);
        OptionsValidation.ThrowIfInvalid(options.Readability, RejectionSamplingOptions.SectionName + ":Readability");
        var problems = Enumerable.Range(0, options.Prompts).Select(i => task.Generate(options.TaskSeed, i)).ToList();
        var sampling = new SamplingOptions
        {
            Temperature = (float)options.Temperature, TopP = (float)options.TopP, MaxNewTokens = options.MaxNewTokens, Seed = options.Seed,
        };
        var samples = await Rollouts.SampleAsync(model, tokenizer, task, problems, renderPrompt, options.SamplesPerPrompt, sampling, options.BatchSize, cancellationToken)
            .ConfigureAwait(false);
        var (kept, rejected) = Select(problems, samples, options);
        var traces = kept.Select(k => new SampledTrace(problems[k.Problem].Prompt, k.Sample.Completion, new TraceProvenance(
            modelName, taskId, problems[k.Problem].Key.ToString(), problems[k.Problem].Answer, k.Index, options.Temperature, options.TopP,
            options.MaxNewTokens, options.Seed, k.Sample.Score, k.Sample.Reason, k.Sample.Tokens))).ToList();
        WriteJsonl(outputPath, traces);
        return new RejectionSamplingReport
        {
            Task = taskId,
            Prompts = problems.Count,
            Sampled = samples.Sum(s => s.Length),
            Verified = samples.Sum(s => s.Count(x => x.Correct)),
            Kept = traces.Count,
            PromptsWithKept = kept.Select(k => k.Problem).Distinct().Count(),
            Rejected = rejected,
            Output = Path.GetFullPath(outputPath),
        };
    }

    /// <summary>
    /// The accepted samples, in order: verified correct, readable, not a duplicate of one already kept for the same prompt
    /// (compared with whitespace collapsed), at most <see cref="RejectionSamplingOptions.MaxKeptPerPrompt"/> per prompt.
    /// </summary>
    public static (List<(int Problem, int Index, SampleRecord Sample)> Kept, Dictionary<string, int> Rejected) Select(
        IReadOnlyList<Problem> problems, IReadOnlyList<SampleRecord[]> samples, RejectionSamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        var kept = new List<(int, int, SampleRecord)>();
        var rejected = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int p = 0; p < samples.Count; p++)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < samples[p].Length; i++)
            {
                var s = samples[p][i];
                string? reason = !s.Correct ? "verifier" : ReadabilityFilter.Reject(s.Completion, s.Finish, options.Readability);
                if (reason is null && !seen.Add(string.Join(' ', s.Completion.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))))
                    reason = "duplicate";
                if (reason is null && seen.Count > options.MaxKeptPerPrompt)
                    reason = "per_prompt_cap";
                if (reason is null)
                    kept.Add((p, i, s));
                else
                    rejected[reason] = rejected.GetValueOrDefault(reason) + 1;
            }
        }
        return (kept, rejected);
    }

    private static void WriteJsonl(string path, IEnumerable<SampledTrace> traces)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        using (var writer = new StreamWriter(temp))
            foreach (var trace in traces)
                writer.WriteLine(JsonSerializer.Serialize(trace));
        File.Move(temp, full, overwrite: true);
    }
}
