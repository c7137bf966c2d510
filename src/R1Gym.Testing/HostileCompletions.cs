using System.Text;
using R1Gym.Abstractions;

namespace R1Gym.Testing;

/// <summary>Model output a verifier must survive and score 0: empty, huge, malformed, unclosed, invalid Unicode.</summary>
public static class HostileCompletions
{
    private static readonly Lazy<string> Garbage = new(() =>
    {
        // Letters and punctuation only: no digits, so no checker can find a number by chance.
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,;:!?()[]{}<>/\\\n\t=+-*_#$%&|~^'\"`";
        var random = new Random(20250120);
        var text = new StringBuilder(1 << 20);
        while (text.Length < 1 << 20)
            text.Append(alphabet[random.Next(alphabet.Length)]);
        return text.ToString();
    });

    /// <summary>Named hostile completions for <paramref name="problem"/> (the unclosed-tag case quotes the right answer).</summary>
    public static IReadOnlyList<(string Name, string Completion)> For(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var answer = problem.Answer.Length <= 10_000 ? problem.Answer : problem.Answer[..10_000];
        return
        [
            ("empty", ""),
            ("whitespace", " \n\t \r\n "),
            ("garbage-1mb", Garbage.Value),
            ("unclosed-think", $"{Answers.ThinkOpen}\nI know it: {answer}\n\\boxed{{{answer}}}\n<answer>{answer}</answer>"),
            ("close-tag-only", Answers.ThinkClose),
            ("unclosed-answer", $"{Answers.ThinkOpen}\nthinking\n{Answers.ThinkClose}\n<answer>"),
            ("unbalanced-boxed", $"{Answers.ThinkOpen}\nx\n{Answers.ThinkClose}\n" + string.Concat(Enumerable.Repeat("\\boxed{", 100_000))),
            ("lone-surrogates", $"\uD800{Answers.ThinkOpen}\uDFFF\n\uDBFF{Answers.ThinkClose}\uDC00\uD800 \uFFFF\uFFFE"),
            ("control-chars", "\0\0\u0001\u0007\u001b[31m\0" + Answers.ThinkClose + "\0"),
        ];
    }
}
