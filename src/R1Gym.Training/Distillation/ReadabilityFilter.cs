using System.ComponentModel.DataAnnotations;
using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Training.Distillation;

/// <summary>
/// DeepSeek-R1's readability filters for rejection-sampled SFT data (Guo et al. 2025, §2.3.3: "we have filtered out
/// chain-of-thought with mixed languages, long paragraphs, and code blocks"): the R1 format, one language, no loops.
/// </summary>
public sealed class ReadabilityOptions
{
    /// <summary>Keep only completions in the R1 format (reasoning closed by &lt;/think&gt;, then an answer). Default: true.</summary>
    public bool RequireFormat { get; set; } = true;

    /// <summary>Language the reasoning must be written in: en, zh or ru. Default: en.</summary>
    public string Language { get; set; } = "en";

    /// <summary>Minimum share of reasoning words in <see cref="Language"/>; 0 turns the check off. Default: 0.95.</summary>
    [Range(0.0, 1.0)]
    public double MinLanguageConsistency { get; set; } = 0.95;

    /// <summary>Word n-gram size of the repetition check. Default: 4.</summary>
    [Range(1, 64)]
    public int RepetitionNgram { get; set; } = 4;

    /// <summary>
    /// Reject when more than this share of the completion's word n-grams are repeats of earlier ones (1 - distinct/total):
    /// a loop drives it towards 1, ordinary reasoning stays well below. 1 turns the check off. Default: 0.5.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MaxRepeatedNgramShare { get; set; } = 0.5;

    /// <summary>Reject completions cut off by the generation budget. Default: true.</summary>
    public bool RejectTruncated { get; set; } = true;
}

/// <summary>Applies <see cref="ReadabilityOptions"/>; pure and never throwing on model output.</summary>
public static class ReadabilityFilter
{
    /// <summary>Null when the completion passes every filter, else the first failed one: "format", "language", "repetition" or "truncated".</summary>
    public static string? Reject(string completion, string finish, ReadabilityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RejectTruncated && finish == "length")
            return "truncated";
        if (options.RequireFormat && FormatReward.Check(completion) is not null)
            return "format";
        if (options.MinLanguageConsistency > 0
            && LanguageConsistency.Score(R1Format.Reasoning(completion) ?? completion, options.Language) < options.MinLanguageConsistency)
            return "language";
        if (options.MaxRepeatedNgramShare < 1 && RepeatedNgramShare(completion, options.RepetitionNgram) > options.MaxRepeatedNgramShare)
            return "repetition";
        return null;
    }

    /// <summary>1 - distinct/total over the word n-grams of <paramref name="text"/>; 0 when it has fewer than n words.</summary>
    public static double RepeatedNgramShare(string? text, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (string.IsNullOrWhiteSpace(text))
            return 0;
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        int total = words.Length - n + 1;
        if (total <= 0)
            return 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < total; i++)
            seen.Add(string.Join('\u0001', words, i, n));
        return 1.0 - (double)seen.Count / total;
    }
}
