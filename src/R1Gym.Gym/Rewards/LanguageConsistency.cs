using System.Text;

namespace R1Gym.Gym;

/// <summary>
/// DeepSeek-R1's language-consistency reward: the share of the reasoning's words written in the target language,
/// judged by script (en: Latin, zh: Han, ru: Cyrillic). Digits and symbols are not words and do not count.
/// </summary>
public static class LanguageConsistency
{
    public static IReadOnlyList<string> Supported { get; } = ["en", "zh", "ru"];

    public static bool IsSupported(string? language) => language is not null && Supported.Contains(language);

    /// <summary>In [0, 1]; 0 when there is no reasoning (null), 1 when the reasoning has no words at all.</summary>
    public static double Score(string? reasoning, string language)
    {
        if (!IsSupported(language))
            throw new ArgumentException($"Unsupported language '{language}'; use one of {string.Join(", ", Supported)}.", nameof(language));
        if (reasoning is null)
            return 0.0;
        int words = 0, target = 0;
        bool inWord = false, wordOnTarget = true;
        foreach (var rune in reasoning.EnumerateRunes())
        {
            if (Rune.IsLetter(rune))
            {
                if (!inWord)
                {
                    inWord = true;
                    wordOnTarget = true;
                }
                wordOnTarget &= InScript(rune, language);
                continue;
            }
            if (inWord)
                Count(ref words, ref target, wordOnTarget);
            inWord = false;
        }
        if (inWord)
            Count(ref words, ref target, wordOnTarget);
        return words == 0 ? 1.0 : (double)target / words;
    }

    private static void Count(ref int words, ref int target, bool onTarget)
    {
        words++;
        if (onTarget)
            target++;
    }

    private static bool InScript(Rune rune, string language)
    {
        int c = rune.Value;
        return language switch
        {
            "en" => c <= 0x024F || c is >= 0x1E00 and <= 0x1EFF,
            "ru" => c is >= 0x0400 and <= 0x052F,
            "zh" => c is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2FA1F or >= 0xF900 and <= 0xFAFF,
            _ => false,
        };
    }
}
