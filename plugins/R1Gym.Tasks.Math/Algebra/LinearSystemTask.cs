using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using R1Gym.Abstractions;
using R1Gym.Tasks.Math.Checking;

namespace R1Gym.Tasks.Math.Algebra;

/// <summary>Knobs of <c>math/linear-system-v1</c>.</summary>
public sealed record LinearSystemOptions : TaskOptions
{
    /// <summary>Unknowns (and equations): 2 (x, y) or 3 (x, y, z); the difficulty level. Default: 2.</summary>
    [Range(2, 3)]
    public int Variables { get; init; } = 2;

    /// <summary>Largest coefficient in absolute value. Default: 5.</summary>
    [Range(1, 20)]
    public int MaxCoefficient { get; init; } = 5;

    /// <summary>Largest solution value in absolute value (solutions are integers). Default: 9.</summary>
    [Range(1, 100)]
    public int MaxSolution { get; init; } = 9;
}

/// <summary>
/// A square linear system with a unique integer solution, answered as a tuple <c>(x, y)</c> or <c>(x, y, z)</c>.
/// The worked solution eliminates forward (Gaussian elimination, exact fractions) and substitutes back.
/// </summary>
internal sealed partial class LinearSystemTask(LinearSystemOptions options) : ReasoningTask<LinearSystemOptions>(options)
{
    private static readonly string[] Names = ["x", "y", "z"];
    private static readonly MathChecker Checker = new();

    protected override Problem Create(Random random, int index)
    {
        int n = Options.Variables;
        var solution = Enumerable.Range(0, n).Select(_ => (long)random.Next(-Options.MaxSolution, Options.MaxSolution + 1)).ToArray();
        long[][] rows;
        do
        {
            rows = Enumerable.Range(0, n)
                .Select(_ => Enumerable.Range(0, n).Select(_ => (long)random.Next(-Options.MaxCoefficient, Options.MaxCoefficient + 1)).ToArray())
                .ToArray();
        }
        while (Eliminate(ToSystem(rows, solution), steps: null) is null || rows.Any(r => r.All(c => c == 0)));
        var system = ToSystem(rows, solution);
        var equations = string.Join("\n", system.Select(e => $"{Linear.Format(e.Coefficients, Names, 0)} = {e.Constant}"));
        var tuple = $"({string.Join(", ", Names.Take(n))})";
        var prompt = $"Solve the system of equations:\n{equations}\nGive {tuple} inside <answer></answer> tags, for example <answer>({string.Join(", ", Enumerable.Range(1, n))})</answer>.";
        return new Problem(prompt, $"({string.Join(", ", solution)})", n)
        {
            Metadata = new Dictionary<string, string> { ["rows"] = string.Join(";", rows.Select(r => string.Join(",", r))), ["solution"] = string.Join(",", solution) },
        };
    }

    private sealed record Equation(Fraction[] Coefficients, Fraction Constant);

    private static List<Equation> ToSystem(long[][] rows, long[] solution) =>
        rows.Select(r => new Equation(r.Select(c => (Fraction)c).ToArray(), r.Zip(solution).Sum(p => p.First * p.Second))).ToList();

    /// <summary>Gaussian elimination then back substitution; null when the system is singular. Writes steps when asked.</summary>
    private static Fraction[]? Eliminate(List<Equation> system, List<string>? steps)
    {
        int n = system.Count;
        var values = new Fraction[n];
        var labels = Enumerable.Range(1, n).Select(i => $"E{i}").ToList();
        for (int column = 0; column < n; column++)
        {
            int pivot = Enumerable.Range(column, n - column).FirstOrDefault(r => !system[r].Coefficients[column].IsZero, -1);
            if (pivot < 0)
                return null;
            if (pivot != column)
            {
                (system[pivot], system[column]) = (system[column], system[pivot]);
                (labels[pivot], labels[column]) = (labels[column], labels[pivot]);
                steps?.Add($"Swap {labels[pivot]} and {labels[column]} so that {labels[column]} has an {Names[column]} term.");
            }
            for (int row = column + 1; row < n; row++)
            {
                var factor = system[row].Coefficients[column] / system[column].Coefficients[column];
                if (factor.IsZero)
                    continue;
                var coefficients = system[row].Coefficients.Zip(system[column].Coefficients, (a, b) => a - factor * b).ToArray();
                system[row] = new Equation(coefficients, system[row].Constant - factor * system[column].Constant);
                var scaled = factor.Numerator < 0 ? $"+ {Factor(-factor)}" : $"- {Factor(factor)}";
                steps?.Add($"Eliminate {Names[column]} from {labels[row]}: {labels[row]} {scaled}{labels[column]} gives {Written(system[row])}");
            }
        }
        for (int row = n - 1; row >= 0; row--)
        {
            var known = Enumerable.Range(row + 1, n - row - 1).Aggregate((Fraction)0, (sum, j) => sum + system[row].Coefficients[j] * values[j]);
            var coefficient = system[row].Coefficients[row];
            values[row] = (system[row].Constant - known) / coefficient;
            if (steps is null)
                continue;
            var right = known.IsZero ? $"{system[row].Constant}" : $"{system[row].Constant} - ({known}) = {system[row].Constant - known}";
            steps.Add($"From {labels[row]}: {Linear.Format(coefficient, Names[row], 0)} = {right}, so {Names[row]} = {values[row]}");
        }
        return values;
    }

    private static string Factor(Fraction f) => f.IsInteger ? (f.Numerator == 1 ? "" : $"{f}") : $"({f})";

    private static string Written(Equation e) =>
        $"{Linear.Format(e.Coefficients, Names, 0)} = {e.Constant}";

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Checker.Check(args.Problem.Answer, AsTuple(args.FinalAnswer, Options.Variables)));

    /// <summary>Turns "x = 2, y = -1" into "(2, -1)"; other answers pass unchanged.</summary>
    private static string? AsTuple(string? answer, int count)
    {
        if (answer is null || answer.Length > 500 || !answer.Contains('=', StringComparison.Ordinal))
            return answer;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in Assignment().Matches(answer))
            values[match.Groups["name"].Value] = match.Groups["value"].Value.Trim();
        return Names.Take(count).All(values.ContainsKey) && values.Count == count
            ? $"({string.Join(", ", Names.Take(count).Select(n => values[n]))})"
            : answer;
    }

    public override string? Solve(Problem problem)
    {
        var rows = problem.Metadata["rows"].Split(';').Select(r => r.Split(',').Select(long.Parse).ToArray()).ToArray();
        var solution = problem.Metadata["solution"].Split(',').Select(long.Parse).ToArray();
        var system = ToSystem(rows, solution);
        var steps = system.Select((e, i) => $"E{i + 1}: {Written(e)}").ToList();
        var values = Eliminate(system, steps)!;
        steps.Add($"Solution: {string.Join(", ", values.Select((v, i) => $"{Names[i]} = {v}"))}");
        return R1Format.Compose(string.Join('\n', steps), $"<answer>({string.Join(", ", values)})</answer>");
    }

    [GeneratedRegex(@"(?<name>[xyz])\s*=\s*(?<value>[^,;=]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex Assignment();
}
