using System.Text;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Logic.Tests;

/// <summary>Model output every verifier must score 0 without throwing.</summary>
internal static class Hostile
{
    private static readonly Lazy<string> Megabyte = new(() =>
    {
        var random = new Random(7);
        var text = new StringBuilder(1 << 20);
        while (text.Length < 1 << 20)
            text.Append((char)random.Next(32, 127));
        return text.ToString();
    });

    public static TheoryData<string> Names => ["empty", "garbage-1mb", "unclosed-think", "lone-surrogates", "nested-parens"];

    public static string Completion(string name, Problem problem) => name switch
    {
        "empty" => "",
        "garbage-1mb" => Megabyte.Value,
        // The right answer, but the reasoning never ends: the model never answered.
        "unclosed-think" => $"<think>\nthe answer is\n<answer>{problem.Answer}</answer>",
        "lone-surrogates" => "\uD800<think>\uDFFF</think>\uDBFF<answer>\uDC00\uD800</answer>",
        "nested-parens" => "<think>x</think><answer>" + new string('(', 50_000) + "1" + new string(')', 50_000) + "</answer>",
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
