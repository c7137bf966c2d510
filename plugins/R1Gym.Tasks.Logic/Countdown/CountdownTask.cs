using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Numerics;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Logic;

/// <summary>Knobs of <c>logic/countdown-v1</c>.</summary>
public sealed record CountdownOptions : TaskOptions
{
    /// <summary>How many numbers are given. Default: 4.</summary>
    [Range(3, 7)]
    public int Count { get; init; } = 4;

    /// <summary>The numbers are drawn from 1 to this value. Default: 25.</summary>
    [Range(2, 1000)]
    public int MaxNumber { get; init; } = 25;

    /// <summary>The largest target. Default: 500.</summary>
    [Range(10, 1_000_000)]
    public int MaxTarget { get; init; } = 500;

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxTarget < 2 * MaxNumber)
            yield return new ValidationResult(
                $"MaxTarget ({MaxTarget}) must be at least 2 x MaxNumber ({2 * MaxNumber}) so every draw has a reachable target",
                [nameof(MaxTarget), nameof(MaxNumber)]);
    }
}

/// <summary>
/// Countdown: reach a target with + - * / and parentheses, each given number used at most once. The generator builds
/// the target from a random expression over the numbers (so a solution exists); the verifier parses the answer with
/// its own small parser, checks the numbers used and evaluates exactly, so any correct expression scores 1.
/// </summary>
internal sealed class CountdownTask(CountdownOptions options) : ReasoningTask<CountdownOptions>(options)
{
    private const int Attempts = 200;

    protected override Problem Create(Random random, int index)
    {
        var numbers = Enumerable.Range(0, Options.Count).Select(_ => random.Next(1, Options.MaxNumber + 1)).ToArray();
        var (target, steps, expression) = BuildTarget(random, numbers);
        var list = string.Join(", ", numbers);
        var prompt =
            $"Using the numbers [{list}], write an arithmetic expression that equals {target}.\n" +
            "Rules: use only +, -, * and / and parentheses; each listed number may be used at most once " +
            "(you do not have to use all of them); fractions in intermediate steps are allowed.\n" +
            "Give your final answer as a single expression inside <answer></answer> tags, for example <answer>(3 + 5) * 2</answer>.";
        return new Problem(prompt, target.ToString(CultureInfo.InvariantCulture), Options.Count)
        {
            Metadata = new Dictionary<string, string>
            {
                ["numbers"] = string.Join(",", numbers),
                ["target"] = target.ToString(CultureInfo.InvariantCulture),
                ["expression"] = expression,
                ["steps"] = string.Join("\n", steps),
            },
        };
    }

    /// <summary>Combines random pairs of a random subset until one value remains, keeping intermediate results positive integers.</summary>
    private (int Target, List<string> Steps, string Expression) BuildTarget(Random random, int[] numbers)
    {
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            int used = random.Next(2, numbers.Length + 1);
            var pool = numbers.OrderBy(_ => random.Next()).Take(used).Select(n => ((long)n, n.ToString(CultureInfo.InvariantCulture))).ToList();
            var steps = new List<string>();
            bool ok = true;
            while (pool.Count > 1 && ok)
            {
                int i = random.Next(pool.Count), j = random.Next(pool.Count - 1);
                if (j >= i)
                    j++;
                var (a, ea) = pool[i];
                var (b, eb) = pool[j];
                (long value, char op) = random.Next(4) switch
                {
                    0 => (a + b, '+'),
                    1 => (a - b, '-'),
                    2 => (a * b, '*'),
                    _ => (b != 0 && a % b == 0 ? a / b : -1, '/'),
                };
                // Trivial steps (x * 1, x / 1) make dull puzzles; non-positive values are not Countdown.
                ok = value > 0 && value <= Options.MaxTarget && !(op is '*' or '/' && b == 1);
                steps.Add($"{a} {op} {b} = {value}");
                foreach (var k in new[] { Math.Max(i, j), Math.Min(i, j) })
                    pool.RemoveAt(k);
                pool.Add((value, $"({ea} {op} {eb})"));
            }
            var (target, expression) = pool[0];
            if (ok && !numbers.Contains((int)target))
                return ((int)target, steps, expression[1..^1]);
        }
        // Fallback that always works (MaxTarget >= 2 x MaxNumber): the sum of the two largest numbers.
        var top = numbers.OrderDescending().Take(2).ToArray();
        return (top[0] + top[1], [$"{top[0]} + {top[1]} = {top[0] + top[1]}"], $"{top[0]} + {top[1]}");
    }

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Judge(args.Problem, args.FinalAnswer));

    internal static Verdict Judge(Problem problem, string? answer)
    {
        if (answer is null)
            return Verdict.Wrong("no final answer found (expected an expression inside <answer></answer>)");
        var numbers = problem.Metadata["numbers"].Split(',').Select(n => BigInteger.Parse(n, CultureInfo.InvariantCulture)).ToList();
        var target = BigInteger.Parse(problem.Metadata["target"], CultureInfo.InvariantCulture);
        var expression = StripResult(answer.Replace("$", "", StringComparison.Ordinal).Replace("\\times", "*", StringComparison.Ordinal)
            .Replace("\\div", "/", StringComparison.Ordinal).Trim().TrimEnd('.'), target);
        if (!ArithmeticExpression.TryEvaluate(expression, out var value, out var literals, out var error))
            return Verdict.Wrong($"the answer is not a valid expression: {error}");
        var available = new List<BigInteger>(numbers);
        foreach (var literal in literals)
        {
            if (!available.Remove(literal))
                return Verdict.Wrong(numbers.Contains(literal)
                    ? $"{literal} is used more often than it is given"
                    : $"{literal} is not one of the given numbers");
        }
        return value == Rational.FromInteger(target)
            ? Verdict.Correct($"the expression equals {target}")
            : Verdict.Wrong($"the expression equals {value}, not {target}");
    }

    /// <summary>Accepts "expr = target" (and "target = expr") by keeping the side that is not just the target.</summary>
    private static string StripResult(string answer, BigInteger target)
    {
        var parts = answer.Split('=');
        if (parts.Length != 2)
            return answer;
        var result = target.ToString(CultureInfo.InvariantCulture);
        if (parts[1].Trim() == result)
            return parts[0].Trim();
        return parts[0].Trim() == result ? parts[1].Trim() : answer;
    }

    public override string? Solve(Problem problem)
    {
        var reasoning =
            $"I need {problem.Metadata["target"]} from {problem.Metadata["numbers"].Replace(",", ", ", StringComparison.Ordinal)}, each number at most once.\n" +
            "Combining them step by step:\n" + problem.Metadata["steps"] + "\n" +
            $"So {problem.Metadata["expression"]} = {problem.Metadata["target"]}, and no number is used twice.";
        return R1Format.Compose(reasoning, $"<answer>{problem.Metadata["expression"]}</answer>");
    }
}
