using R1Gym.Abstractions;

namespace R1Gym.Training.Evaluation;

/// <summary>One completion of an evaluation.</summary>
/// <remarks>Answer: The normalised final answer (the maj@k vote), null when none was given.</remarks>
/// <remarks>Finish: "eos", "stop" or "length".</remarks>
public sealed record SampleRecord(string Completion, string? Answer, double Score, bool Correct, string Reason, int Tokens, string Finish, bool WellFormed)
{
    public ScoredAnswer Scored => new(Answer, Correct);
}

/// <summary>A problem with its k samples and, when asked for, its greedy completion.</summary>
public sealed record ProblemOutcome(Problem Problem, IReadOnlyList<SampleRecord> Samples, SampleRecord? Greedy);

/// <summary>The scores of one task. Accuracies are shares in [0, 1].</summary>
public sealed record TaskScores
{
    public required string Task { get; init; }
    public required int Problems { get; init; }
    public required int SamplesPerProblem { get; init; }
    /// <summary>pass@1 averaged over the k samples of each problem, then over problems.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("pass_at_1")]
    public required double PassAt1 { get; init; }
    /// <summary>Unbiased pass@k for each reported k, keyed <c>pass@k</c>.</summary>
    public required IReadOnlyDictionary<string, double> PassAtK { get; init; }
    /// <summary>maj@k with k = all samples, keyed <c>maj@k</c>.</summary>
    public required IReadOnlyDictionary<string, double> MajAtK { get; init; }
    /// <summary>Greedy accuracy, null when greedy decoding was off.</summary>
    public double? Greedy { get; init; }
    public required double MeanResponseTokens { get; init; }
    public required int MaxResponseTokens { get; init; }
    /// <summary>Share of samples in the R1 format.</summary>
    public required double FormatRate { get; init; }
    /// <summary>Share of samples cut off by the generation budget.</summary>
    public required double TruncatedRate { get; init; }

    public static TaskScores From(string task, IReadOnlyList<ProblemOutcome> outcomes, IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(ks);
        if (outcomes.Count == 0)
            throw new R1GymException($"Task '{task}' gave no problems to evaluate.");
        int n = outcomes[0].Samples.Count;
        if (n == 0 || outcomes.Any(o => o.Samples.Count != n))
            throw new ArgumentException("Every problem needs the same, non-zero number of samples.", nameof(outcomes));
        var all = outcomes.SelectMany(o => o.Samples).ToList();
        return new TaskScores
        {
            Task = task,
            Problems = outcomes.Count,
            SamplesPerProblem = n,
            PassAt1 = outcomes.Average(o => SampleEstimators.PassAt1(o.Samples.Select(s => s.Scored).ToList())),
            PassAtK = ks.Where(k => k <= n).ToDictionary(k => $"pass@{k}",
                k => outcomes.Average(o => SampleEstimators.PassAtK(n, o.Samples.Count(s => s.Correct), k))),
            MajAtK = new Dictionary<string, double>
            {
                [$"maj@{n}"] = outcomes.Average(o => SampleEstimators.MajorityAtK(o.Samples.Select(s => s.Scored).ToList(), n)),
            },
            Greedy = outcomes.All(o => o.Greedy is not null) ? outcomes.Average(o => o.Greedy!.Correct ? 1.0 : 0.0) : null,
            MeanResponseTokens = all.Average(s => (double)s.Tokens),
            MaxResponseTokens = all.Max(s => s.Tokens),
            FormatRate = all.Average(s => s.WellFormed ? 1.0 : 0.0),
            TruncatedRate = all.Average(s => s.Finish == "length" ? 1.0 : 0.0),
        };
    }
}
