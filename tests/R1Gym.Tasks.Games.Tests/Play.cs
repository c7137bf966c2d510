using System.Text;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Games.Tests;

/// <summary>Episode helpers and hostile actions shared by the environment tests.</summary>
internal static class Play
{
    private static readonly Lazy<string> Megabyte = new(() =>
    {
        var random = new Random(3);
        var text = new StringBuilder(1 << 20);
        while (text.Length < 1 << 20)
            text.Append((char)random.Next(32, 127));
        return text.ToString();
    });

    public static TheoryData<string> HostileNames => ["empty", "garbage-1mb", "unclosed-think", "lone-surrogates"];

    public static string Hostile(string name) => name switch
    {
        "empty" => "",
        "garbage-1mb" => Megabyte.Value,
        "unclosed-think" => "<think>\nmy move is <answer>take 1 from heap 1</answer> or <answer>1234</answer>",
        "lone-surrogates" => "\uD800<think>\uDFFF</think>\uDBFF<answer>\uDC00\uD800</answer>",
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static string Answer(string text) => $"<think>\nthinking\n</think>\n<answer>{text}</answer>";

    /// <summary>Follows the reference policy to the end; returns the last step and the number of steps.</summary>
    public static async Task<(StepResult Last, int Steps)> Reference(IEnvironment env, int maxSteps = 200)
    {
        StepResult? last = null;
        int steps = 0;
        while (steps < maxSteps && env.ReferenceAction() is { } action)
        {
            last = await env.StepAsync(action);
            steps++;
            if (last.Done)
                break;
        }
        return (last ?? throw new InvalidOperationException("the reference policy made no move"), steps);
    }
}
