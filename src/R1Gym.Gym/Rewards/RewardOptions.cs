using System.ComponentModel.DataAnnotations;

namespace R1Gym.Gym;

/// <summary>
/// Weights and knobs of the composite reward (bound from the <c>Rewards</c> section). The total is
/// <c>AccuracyWeight * accuracy + FormatWeight * format + LanguageWeight * language + LengthWeight * length</c>.
/// </summary>
public sealed class RewardOptions : IValidatableObject
{
    public const string SectionName = "Rewards";

    /// <summary>Weight of the verifier's score, the rule-based accuracy reward (DeepSeek-R1 §2.2.2). Default: 1.0.</summary>
    [Range(0.0, 100.0)]
    public double AccuracyWeight { get; set; } = 1.0;

    /// <summary>
    /// Weight of the format reward: reasoning inside &lt;think&gt;...&lt;/think&gt;, then an answer (DeepSeek-R1 §2.2.2; the
    /// paper gives no weight, 0.2 keeps it secondary to accuracy). Default: 0.2.
    /// </summary>
    [Range(0.0, 100.0)]
    public double FormatWeight { get; set; } = 0.2;

    /// <summary>
    /// Weight of the language-consistency reward, the share of the reasoning written in <see cref="Language"/>
    /// (DeepSeek-R1 §2.3.2 adds it in reasoning-oriented RL to stop language mixing). Default: 0 (off).
    /// </summary>
    [Range(0.0, 100.0)]
    public double LanguageWeight { get; set; }

    /// <summary>Target language of the reasoning: en (Latin script), zh (Han), ru (Cyrillic). Default: en.</summary>
    public string Language { get; set; } = "en";

    /// <summary>Weight of the overlong penalty (in [-1, 0]). Default: 1.0 (only active when <see cref="MaxLength"/> is set).</summary>
    [Range(0.0, 100.0)]
    public double LengthWeight { get; set; } = 1.0;

    /// <summary>
    /// DAPO's soft overlong punishment (Yu et al. 2025, §3.4): completions longer than <c>MaxLength - OverlongBuffer</c>
    /// are penalised linearly down to -1 at <c>MaxLength</c>, in tokens when the trainer passes them, else characters.
    /// Default: 0 (no penalty).
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxLength { get; set; }

    /// <summary>DAPO's L_cache: the soft zone before <see cref="MaxLength"/>. Default: 0 (a hard -1 past MaxLength).</summary>
    [Range(0, int.MaxValue)]
    public int OverlongBuffer { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!LanguageConsistency.IsSupported(Language))
            yield return new ValidationResult(
                $"Language '{Language}' is not supported; use one of {string.Join(", ", LanguageConsistency.Supported)}.", [nameof(Language)]);
        if (OverlongBuffer > MaxLength)
            yield return new ValidationResult(
                $"OverlongBuffer ({OverlongBuffer}) must not exceed MaxLength ({MaxLength}).", [nameof(OverlongBuffer)]);
    }
}
