using System.ComponentModel.DataAnnotations;
using R1Gym.Abstractions;
using R1Gym.Tasks.Math.Checking;

namespace R1Gym.Tasks.Math.Algebra;

/// <summary>Knobs of <c>math/linear-equation-v1</c>.</summary>
public sealed record LinearEquationOptions : TaskOptions
{
    /// <summary>1: <c>ax + b = c</c>; 2: <c>ax + b = cx + d</c>; 3: <c>a(x + b) = cx + d</c>. Default: 2.</summary>
    [Range(1, 3)]
    public int Level { get; init; } = 2;

    /// <summary>Largest coefficient in absolute value. Default: 9.</summary>
    [Range(2, 100)]
    public int MaxCoefficient { get; init; } = 9;

    /// <summary>Largest solution in absolute value (solutions are integers). Default: 10.</summary>
    [Range(1, 1000)]
    public int MaxSolution { get; init; } = 10;
}

/// <summary>
/// A linear equation in x with an integer solution. The worked solution expands, collects the x terms on the left and
/// the constants on the right, divides, and checks by substitution.
/// </summary>
internal sealed class LinearEquationTask(LinearEquationOptions options) : ReasoningTask<LinearEquationOptions>(options)
{
    private static readonly MathChecker Checker = new();

    protected override Problem Create(Random random, int index)
    {
        int x = random.Next(-Options.MaxSolution, Options.MaxSolution + 1);
        int a = NonZero(random), b = random.Next(-Options.MaxCoefficient, Options.MaxCoefficient + 1);
        int c = 0;
        if (Options.Level > 1)
            do c = NonZero(random); while (c == a);
        int left = Options.Level == 3 ? a * (x + b) : a * x + b;
        int d = left - c * x;
        string leftText = Options.Level == 3 ? $"{Coefficient(a)}(x {Signed(b)})" : Linear.Format(a, "x", b);
        string rightText = Options.Level == 1 ? $"{d}" : Linear.Format(c, "x", d);
        var prompt = $"Solve for x: {leftText} = {rightText}. Give the value of x inside <answer></answer> tags.";
        return new Problem(prompt, $"{x}", Options.Level)
        {
            Metadata = new Dictionary<string, string> { ["a"] = $"{a}", ["b"] = $"{b}", ["c"] = $"{c}", ["d"] = $"{d}", ["equation"] = $"{leftText} = {rightText}" },
        };
    }

    private int NonZero(Random random)
    {
        int value = random.Next(1, Options.MaxCoefficient + 1);
        return random.Next(2) == 0 ? value : -value;
    }

    /// <summary>"Subtract 3x from both sides", or "Add 3x to both sides" when the term is negative.</summary>
    private static string Move(string term, long sign) =>
        sign < 0 ? $"Add {term.TrimStart('-')} to both sides" : $"Subtract {term} from both sides";

    private static string Coefficient(int a) => a switch { 1 => "", -1 => "-", _ => $"{a}" };

    private static string Signed(int b) => b < 0 ? $"- {-b}" : $"+ {b}";

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Checker.Check(args.Problem.Answer, args.FinalAnswer));

    public override string? Solve(Problem problem)
    {
        var m = problem.Metadata;
        long a = long.Parse(m["a"]), b = long.Parse(m["b"]), c = long.Parse(m["c"]), d = long.Parse(m["d"]);
        var lines = new List<string> { $"Solve {m["equation"]}." };
        long constant = b;
        if (Options.Level == 3)
        {
            constant = a * b;
            lines.Add($"Expand the left side: {Linear.Format(a, "x", constant)} = {Linear.Format(c, "x", d)}");
        }
        if (c != 0)
            lines.Add($"{Move(Linear.Format(c, "x", 0), c)}: {Linear.Format(a - c, "x", constant)} = {d}");
        if (constant != 0)
            lines.Add($"{Move($"{constant}", constant)}: {Linear.Format(a - c, "x", 0)} = {d - constant}");
        long x = (d - constant) / (a - c);
        if (a - c != 1)
            lines.Add($"Divide both sides by {a - c}: x = {d - constant} / {a - c} = {x}");
        lines.Add($"Check: substituting x = {x} gives {(Options.Level == 3 ? a * (x + b) : a * x + b)} on both sides.");
        return R1Format.Compose(string.Join('\n', lines), $"<answer>{x}</answer>");
    }
}
