using R1Gym.Abstractions;

namespace R1Gym.Model;

/// <summary>How <see cref="Generator"/> samples. Defaults: plain sampling at T = 1 (the DeepSeek-R1 rollout setting), 256 new tokens.</summary>
public sealed record SamplingOptions
{
    /// <summary>Configuration section name ("Sampling").</summary>
    public const string SectionName = "Sampling";

    /// <summary>Softmax temperature; 0 = greedy (argmax). Default 1.</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Nucleus sampling mass in (0, 1]; 1 = off. Default 1.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Keep only the k most likely tokens; 0 = off. Default 0.</summary>
    public int TopK { get; init; }

    /// <summary>New tokens per sequence at most. Default 256.</summary>
    public int MaxNewTokens { get; init; } = 256;

    /// <summary>Texts that end a sequence (the completion keeps the stop text). Default none.</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>Same seed, same model, same prompts => same samples. Default 0.</summary>
    public long Seed { get; init; }

    /// <summary>Keep sampling past EOS so every sequence has MaxNewTokens tokens (benchmarks; HF's min_new_tokens). Default false.</summary>
    public bool IgnoreEos { get; init; }

    /// <summary>How many decode steps run between host checks for EOS and stop sequences. Default 16.</summary>
    public int CheckEvery { get; init; } = 16;

    /// <summary>
    /// Prefill each distinct prompt once and copy its keys and values to every row that repeats it (GRPO's G samples of
    /// one problem). The samples are the same as without sharing. Default true.
    /// </summary>
    public bool SharePrompts { get; init; } = true;

    /// <summary>
    /// Drop finished rows from the running batch (checked every <see cref="CheckEvery"/> steps, once a quarter of the
    /// rows has finished), so completions of mixed lengths stop costing once done. Seeded runs stay reproducible, but
    /// the random draws of the remaining rows differ from a run without compaction. Default false: on an H200 at the
    /// 0.5B shape a decode step costs about the same at batch 64 and 512 (launch-bound), so dropping rows saved nothing
    /// there and its cache copies cost 11% (512 rows of 32-512 tokens: 21,260 against 23,966 useful tokens/s); it is
    /// meant for batches large enough that a step's cost follows its rows.
    /// </summary>
    public bool CompactFinished { get; init; }

    /// <summary>Per-row new-token budgets (benchmarks of mixed completion lengths); null = MaxNewTokens for every row.</summary>
    internal IReadOnlyList<int>? RowLimits { get; init; }

    /// <summary>Throws with every invalid field at once.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!(Temperature >= 0) || float.IsInfinity(Temperature)) errors.Add($"Temperature must be >= 0, found {Temperature}");
        if (!(TopP > 0 && TopP <= 1)) errors.Add($"TopP must be in (0, 1], found {TopP}");
        if (TopK < 0) errors.Add($"TopK must be >= 0, found {TopK}");
        if (MaxNewTokens < 1) errors.Add($"MaxNewTokens must be >= 1, found {MaxNewTokens}");
        if (CheckEvery < 1) errors.Add($"CheckEvery must be >= 1, found {CheckEvery}");
        if (StopSequences is null || StopSequences.Any(string.IsNullOrEmpty)) errors.Add("StopSequences must not contain empty strings");
        if (RowLimits is not null && RowLimits.Any(n => n < 1 || n > MaxNewTokens)) errors.Add($"RowLimits must lie in [1, {MaxNewTokens}]");
        if (errors.Count > 0) throw new R1GymException("Invalid sampling options: " + string.Join("; ", errors) + ".");
    }
}

/// <summary>
/// Per sequence: the new tokens only (EOS or the stop text included), the log-probability of each under the raw model
/// (log_softmax of the logits at T = 1, before any filtering), and why it ended: "eos", "stop" or "length".
/// </summary>
public sealed record GenerationResult(int[][] Tokens, float[][] LogProbs, string[] FinishReasons);
