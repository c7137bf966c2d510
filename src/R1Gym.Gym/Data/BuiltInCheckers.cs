using R1Gym.Abstractions;

namespace R1Gym.Gym;

/// <summary>The checkers every gym has: <c>exact</c> and <c>number</c>, and the <c>csharp</c> tool. Plugins add more (for example <c>math</c>).</summary>
internal static class BuiltInCheckers
{
    public static TaskSource Source { get; } = new BuiltInSource();

    private sealed class BuiltInSource() : TaskSource("gym", TaskSourceKind.Plugin)
    {
        public override void Register(ITaskCatalog catalog)
        {
            catalog.AddChecker("exact", new ExactChecker());
            catalog.AddChecker("number", new NumberChecker());
            catalog.AddTool(CSharpTool.Name, () => new CSharpTool(catalog.Services.GetService(typeof(ICodeRunner)) as ICodeRunner));
        }
    }
}

/// <summary>
/// Text equality after trimming, collapsing whitespace and ignoring case (<c>"Yes"</c> equals <c>" yes "</c>).
/// </summary>
public sealed class ExactChecker : IAnswerChecker
{
    public Verdict Check(string expected, string? answer)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (answer is null)
            return Verdict.Wrong("no final answer found");
        var want = Normalize(expected);
        var got = Normalize(answer);
        return string.Equals(want, got, StringComparison.OrdinalIgnoreCase)
            ? Verdict.Correct($"answer {Shorten(got)} matches")
            : Verdict.Wrong($"expected {Shorten(want)}, got {Shorten(got)}");
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    internal static string Shorten(string text) => text.Length <= 60 ? $"'{text}'" : $"'{text[..57]}...'";
}

/// <summary>
/// Numeric equality (<see cref="Numbers.AreEqual"/>): <c>"1,234"</c> equals <c>"1234.0"</c>. When the answer is not
/// a bare number (for example "The answer is 18."), its last number is compared.
/// </summary>
public sealed class NumberChecker : IAnswerChecker
{
    public Verdict Check(string expected, string? answer)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (answer is null)
            return Verdict.Wrong("no final answer found");
        if (!Numbers.TryParse(expected, out var want))
            return Verdict.Wrong($"the ground truth {ExactChecker.Shorten(expected)} is not a number; use the 'exact' checker for this data set");
        var candidate = Numbers.TryParse(answer, out _) ? answer : Answers.LastNumber(answer);
        if (candidate is null || !Numbers.TryParse(candidate, out var got))
            return Verdict.Wrong($"expected {Numbers.Canonical(want)}, found no number in {ExactChecker.Shorten(answer)}");
        return got == want
            ? Verdict.Correct($"answer {Numbers.Canonical(got)} is correct")
            : Verdict.Wrong($"expected {Numbers.Canonical(want)}, got {Numbers.Canonical(got)}");
    }
}
