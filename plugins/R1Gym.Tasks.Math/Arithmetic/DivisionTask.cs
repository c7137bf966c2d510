using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Math.Arithmetic;

/// <summary>Knobs of <c>math/division-v1</c>.</summary>
public sealed record DivisionOptions : TaskOptions
{
    /// <summary>Digits of the dividend. Default: 4.</summary>
    [Range(1, 20)]
    public int Digits { get; init; } = 4;

    /// <summary>Digits of the divisor. Default: 1.</summary>
    [Range(1, 6)]
    public int DivisorDigits { get; init; } = 1;

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DivisorDigits > Digits)
            yield return new ValidationResult(
                $"DivisorDigits ({DivisorDigits}) must not exceed Digits ({Digits}); a longer divisor makes every quotient 0",
                [nameof(DivisorDigits), nameof(Digits)]);
    }
}

/// <summary>
/// Long division with a remainder. The answer is written "q R r" (for example <c>1410 R 6</c>); the worked solution
/// brings down one digit at a time, writes one quotient digit per step and checks the result.
/// </summary>
internal sealed partial class DivisionTask(DivisionOptions options) : ReasoningTask<DivisionOptions>(options)
{
    protected override Problem Create(Random random, int index)
    {
        var dividend = Digits.Random(random, Options.Digits);
        // A divisor of 1 makes a dull problem; n-digit divisors start at 2 (or 10, 100, ...).
        var divisor = Digits.Random(random, Options.DivisorDigits);
        if (divisor == 1)
            divisor = 2 + random.Next(8);
        var quotient = BigInteger.DivRem(dividend, divisor, out var remainder);
        var prompt = $"Divide {dividend} by {divisor}. Give the quotient and the remainder inside <answer></answer> tags, " +
                     "written as quotient R remainder, for example <answer>12 R 3</answer>.";
        return new Problem(prompt, $"{quotient} R {remainder}", Options.Digits + Options.DivisorDigits)
        {
            Metadata = new Dictionary<string, string>
            {
                ["dividend"] = Digits.Text(dividend), ["divisor"] = Digits.Text(divisor),
                ["quotient"] = Digits.Text(quotient), ["remainder"] = Digits.Text(remainder),
            },
        };
    }

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Judge(args.Problem, args.FinalAnswer));

    /// <summary>Accepts "q R r", "q r r", "q remainder r", "(q, r)"; a lone "q" when the remainder is 0.</summary>
    internal static Verdict Judge(Problem problem, string? answer)
    {
        if (answer is null)
            return Verdict.Wrong("no final answer found (expected <answer>q R r</answer>)");
        if (answer.Length > 200)
            return Verdict.Wrong($"the answer is {answer.Length} characters long; expected 'q R r'");
        var numbers = Integer().Matches(answer).Select(m => m.Value.Replace(",", "", StringComparison.Ordinal)).ToList();
        string quotient = problem.Metadata["quotient"], remainder = problem.Metadata["remainder"];
        if (numbers.Count == 1 && remainder == "0")
            numbers.Add("0");
        if (numbers.Count != 2)
            return Verdict.Wrong($"expected two numbers (quotient R remainder), found {numbers.Count} in '{Shorten(answer)}'");
        if (!BigInteger.TryParse(numbers[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var q)
            || !BigInteger.TryParse(numbers[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var r))
            return Verdict.Wrong($"could not read numbers from '{Shorten(answer)}'");
        if (q.ToString(CultureInfo.InvariantCulture) != quotient)
            return Verdict.Wrong($"expected quotient {quotient}, got {q}");
        return r.ToString(CultureInfo.InvariantCulture) == remainder
            ? Verdict.Correct($"quotient {quotient}, remainder {remainder}")
            : Verdict.Wrong($"quotient {quotient} is right, but expected remainder {remainder}, got {r}");
    }

    public override string? Solve(Problem problem)
    {
        string dividend = problem.Metadata["dividend"];
        var divisor = BigInteger.Parse(problem.Metadata["divisor"], CultureInfo.InvariantCulture);
        var steps = new StringBuilder($"Divide {dividend} by {divisor}, bringing down one digit at a time from the left.\n");
        BigInteger current = 0;
        foreach (char c in dividend)
        {
            current = current * 10 + (c - '0');
            var digit = current / divisor;
            var back = digit * divisor;
            steps.Append($"bring down {c}: {current} / {divisor} = {digit}, {digit} x {divisor} = {back}, {current} - {back} = {current - back}\n");
            current -= back;
        }
        string quotient = problem.Metadata["quotient"], remainder = problem.Metadata["remainder"];
        steps.Append($"The quotient is {quotient} and the remainder is {remainder}.\n");
        steps.Append($"Check: {quotient} x {divisor} + {remainder} = {dividend}.");
        return R1Format.Compose(steps.ToString(), $"<answer>{quotient} R {remainder}</answer>");
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    [GeneratedRegex(@"-?\d+(?:,\d{3})*(?!\d)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex Integer();
}
