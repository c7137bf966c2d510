using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using R1Gym.Abstractions;
using R1Gym.Tasks.Math.Checking;

namespace R1Gym.Tasks.Math.Algebra;

/// <summary>Knobs of <c>math/fractions-v1</c>.</summary>
public sealed record FractionsOptions : TaskOptions
{
    /// <summary>1: add or subtract with a common denominator; 2: add or subtract any two fractions; 3: also multiply and divide. Default: 2.</summary>
    [Range(1, 3)]
    public int Level { get; init; } = 2;

    /// <summary>Largest denominator (and numerator) drawn. Default: 12.</summary>
    [Range(2, 100)]
    public int MaxDenominator { get; init; } = 12;
}

/// <summary>
/// Arithmetic on two fractions, answered in lowest terms. The worked solution finds the common denominator (or
/// multiplies across), combines, and reduces by the gcd. Unreduced but equal answers score 0: the task asks for
/// lowest terms.
/// </summary>
internal sealed partial class FractionsTask(FractionsOptions options) : ReasoningTask<FractionsOptions>(options)
{
    private static readonly MathChecker Checker = new();

    protected override Problem Create(Random random, int index)
    {
        int max = Options.MaxDenominator;
        long b = random.Next(2, max + 1);
        long d = Options.Level == 1 ? b : random.Next(2, max + 1);
        long a = random.Next(1, max + 1), c = random.Next(1, max + 1);
        char op = Options.Level < 3 ? "+-"[random.Next(2)] : "+-*/"[random.Next(4)];
        var result = Apply(new Fraction(a, b), op, new Fraction(c, d));
        var prompt = $"Compute {a}/{b} {op} {c}/{d}. Write the result as a fraction in lowest terms (or a whole number), " +
                     "inside <answer></answer> tags.";
        return new Problem(prompt, result.ToString(), Options.Level)
        {
            Metadata = new Dictionary<string, string> { ["a"] = $"{a}", ["b"] = $"{b}", ["c"] = $"{c}", ["d"] = $"{d}", ["op"] = $"{op}" },
        };
    }

    private static Fraction Apply(Fraction x, char op, Fraction y) => op switch
    {
        '+' => x + y,
        '-' => x - y,
        '*' => x * y,
        _ => x / y,
    };

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken)
    {
        if (args.FinalAnswer is { } answer && !MathChecker.IsFinalNumber(answer, allowFraction: true))
            return ValueTask.FromResult(Verdict.Wrong("the answer must be a single fraction or whole number, not an expression"));
        var verdict = Checker.Check(args.Problem.Answer, args.FinalAnswer);
        if (verdict.IsCorrect && Reducible(args.FinalAnswer!) is { } gcd)
            return ValueTask.FromResult(Verdict.Wrong($"the value is right but not in lowest terms (numerator and denominator share {gcd})"));
        return ValueTask.FromResult(verdict);
    }

    /// <summary>The common factor of a written fraction "p/q" or "\frac{p}{q}", or null when it is reduced (or not a fraction).</summary>
    private static long? Reducible(string answer)
    {
        var match = WrittenFraction().Match(answer.Replace(" ", "", StringComparison.Ordinal));
        if (!match.Success || !long.TryParse(match.Groups["p"].Value, out var p) || !long.TryParse(match.Groups["q"].Value, out var q))
            return null;
        long gcd = Fraction.Gcd(p, q);
        return gcd > 1 ? gcd : null;
    }

    public override string? Solve(Problem problem)
    {
        var m = problem.Metadata;
        long a = long.Parse(m["a"]), b = long.Parse(m["b"]), c = long.Parse(m["c"]), d = long.Parse(m["d"]);
        char op = m["op"][0];
        var lines = new List<string> { $"Compute {a}/{b} {op} {c}/{d}." };
        long numerator, denominator;
        if (op is '+' or '-')
        {
            long common = Fraction.Lcm(b, d);
            long x = a * (common / b), y = c * (common / d);
            if (b != d)
            {
                lines.Add($"Common denominator: lcm({b}, {d}) = {common}");
                lines.Add($"{a}/{b} = {x}/{common} and {c}/{d} = {y}/{common}");
            }
            else
                lines.Add($"Both fractions already have denominator {common}.");
            numerator = op == '+' ? x + y : x - y;
            denominator = common;
            lines.Add($"{x}/{common} {op} {y}/{common} = {numerator}/{common}");
        }
        else
        {
            if (op == '/')
            {
                lines.Add($"Dividing by {c}/{d} is multiplying by {d}/{c}.");
                (c, d) = (d, c);
            }
            numerator = a * c;
            denominator = b * d;
            lines.Add($"Multiply across: ({a} x {c})/({b} x {d}) = {numerator}/{denominator}");
        }
        long gcd = Fraction.Gcd(numerator, denominator);
        lines.Add(gcd == 1
            ? $"gcd({numerator}, {denominator}) = 1, so {numerator}/{denominator} is in lowest terms."
            : $"gcd({numerator}, {denominator}) = {gcd}, so {numerator}/{denominator} = {problem.Answer}.");
        return R1Format.Compose(string.Join('\n', lines), $"<answer>{problem.Answer}</answer>");
    }

    [GeneratedRegex(@"^(?:(?<p>-?\d+)/(?<q>\d+)|-?\\d?frac\{(?<p>-?\d+)\}\{(?<q>\d+)\})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex WrittenFraction();
}
