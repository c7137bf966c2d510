using System.ComponentModel.DataAnnotations;

namespace R1Gym.Training.Evaluation;

/// <summary>
/// How <c>r1gym eval</c> samples and scores (bound from the <c>Eval</c> section). Defaults follow DeepSeek-R1's evaluation
/// (Guo et al. 2025, §3.1): k samples per problem at temperature 0.6 and top-p 0.95, pass@1 averaged over them, and
/// greedy decoding reported beside it.
/// </summary>
public sealed class EvalOptions : IValidatableObject
{
    public const string SectionName = "Eval";

    /// <summary>k, completions sampled per problem (R1 used 4 to 64). Default: 4.</summary>
    [Range(1, 1024)]
    public int Samples { get; set; } = 4;

    /// <summary>Sampling temperature (R1: 0.6, which avoids the repetition greedy decoding falls into). Default: 0.6.</summary>
    [Range(0.01, 10.0)]
    public double Temperature { get; set; } = 0.6;

    /// <summary>Nucleus sampling (R1: 0.95). Default: 0.95.</summary>
    [Range(0.01, 1.0)]
    public double TopP { get; set; } = 0.95;

    /// <summary>Generation budget per completion in tokens (R1: 32,768; small models need far less). Default: 1024.</summary>
    [Range(1, 1_000_000)]
    public int MaxNewTokens { get; set; } = 1024;

    /// <summary>Also decode each problem greedily (temperature 0) and report its accuracy. Default: true.</summary>
    public bool Greedy { get; set; } = true;

    /// <summary>Problems per task at most: data sets are cut to their first ones, generators give this many. Default: 200.</summary>
    [Range(1, 10_000_000)]
    public int MaxProblems { get; set; } = 200;

    /// <summary>Seed of the problem stream for generated tasks (keep it apart from the training seeds). Default: 1000003.</summary>
    public long ProblemSeed { get; set; } = 1_000_003;

    /// <summary>Seed of the sampling; the same seed gives the same completions. Default: 0.</summary>
    public long Seed { get; set; }

    /// <summary>Sequences per generation call (problems times samples). Default: 64.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 64;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => [];

    /// <summary>The k of pass@k reported: 1, 2, 4, ... up to <see cref="Samples"/>, and <see cref="Samples"/> itself.</summary>
    public IReadOnlyList<int> PassAtKValues()
    {
        var ks = new SortedSet<int> { Samples };
        for (int k = 1; k <= Samples; k *= 2)
            ks.Add(k);
        return ks.ToList();
    }
}
