using R1Gym.Abstractions;
using R1Gym.Gym;

namespace R1Gym.Gym;

/// <summary>What a reward is computed from: the completion and the verifier's verdict on it.</summary>
/// <param name="Completion">The model's full output.</param>
/// <param name="Verdict">The verifier's verdict (the accuracy component).</param>
public sealed record RewardInput(string? Completion, Verdict Verdict)
{
    /// <summary>The completion's length in tokens; when null the length penalty counts characters.</summary>
    public int? CompletionTokens { get; init; }
}

/// <summary>A composed reward and its components, unweighted, for logging as <c>reward/&lt;name&gt;</c>.</summary>
/// <param name="Total">The weighted sum the trainer optimises.</param>
/// <param name="Accuracy">The verifier's score, in [0, 1].</param>
/// <param name="Format">1 when the completion follows the R1 template, else 0.</param>
/// <param name="Language">The share of reasoning words in the target language, in [0, 1].</param>
/// <param name="Length">The overlong penalty, in [-1, 0].</param>
public sealed record RewardBreakdown(double Total, double Accuracy, double Format, double Language, double Length)
{
    /// <summary>The components by name, plus the total: <c>reward/total</c>, <c>reward/accuracy</c>, <c>reward/format</c>, ...</summary>
    public IReadOnlyDictionary<string, double> ToMetrics() => new Dictionary<string, double>
    {
        ["reward/total"] = Total,
        ["reward/accuracy"] = Accuracy,
        ["reward/format"] = Format,
        ["reward/language"] = Language,
        ["reward/length"] = Length,
    };
}

/// <summary>
/// Composes the R1 rewards on top of the verifier: correctness stays the verifier's; format, language consistency
/// and the overlong penalty are shaping with weights from <see cref="RewardOptions"/>. Thread-safe and pure.
/// </summary>
public sealed class RewardComposer
{
    public RewardComposer(RewardOptions options)
    {
        Options = OptionsValidation.ThrowIfInvalid(options, RewardOptions.SectionName);
    }

    public RewardOptions Options { get; }

    public RewardBreakdown Compose(RewardInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        double accuracy = double.IsFinite(input.Verdict.Score) ? Math.Clamp(input.Verdict.Score, 0.0, 1.0) : 0.0;
        double format = FormatReward.Score(input.Completion);
        double language = LanguageConsistency.Score(R1Format.Reasoning(input.Completion), Options.Language);
        double length = LengthPenalty.Score(input.CompletionTokens ?? input.Completion?.Length ?? 0, Options.MaxLength, Options.OverlongBuffer);
        double total = Options.AccuracyWeight * accuracy + Options.FormatWeight * format
            + Options.LanguageWeight * language + Options.LengthWeight * length;
        return new RewardBreakdown(total, accuracy, format, language, length);
    }
}

/// <summary>DAPO's soft overlong punishment.</summary>
public static class LengthPenalty
{
    /// <summary>0 up to <c>max - buffer</c>, then linear down to -1 at <paramref name="max"/>, -1 beyond; 0 when max is 0.</summary>
    public static double Score(int length, int max, int buffer)
    {
        if (max <= 0 || length <= max - buffer)
            return 0.0;
        if (length > max)
            return -1.0;
        return (double)(max - buffer - length) / buffer;
    }
}
