using System.ComponentModel.DataAnnotations;
using System.Numerics;
using System.Text;
using R1Gym.Abstractions;
using R1Gym.Tasks.Math.Checking;

namespace R1Gym.Tasks.Math.Arithmetic;

/// <summary>Knobs of <c>math/subtraction-v1</c>.</summary>
public sealed record SubtractionOptions : TaskOptions
{
    /// <summary>Digits of each of the two numbers (the difficulty level). Default: 3.</summary>
    [Range(1, 30)]
    public int Digits { get; init; } = 3;
}

/// <summary>
/// Column subtraction of two n-digit numbers, the larger first. The worked solution subtracts digit by digit from the
/// right, borrowing when the top digit is too small, one short line per column.
/// </summary>
internal sealed class SubtractionTask(SubtractionOptions options) : ReasoningTask<SubtractionOptions>(options)
{
    private static readonly MathChecker Checker = new();

    protected override Problem Create(Random random, int index)
    {
        var a = Digits.Random(random, Options.Digits);
        var b = Digits.Random(random, Options.Digits);
        if (a < b)
            (a, b) = (b, a);
        var prompt = $"What is {a} - {b}? Give the final answer inside <answer></answer> tags.";
        return new Problem(prompt, Digits.Text(a - b), Options.Digits)
        {
            Metadata = new Dictionary<string, string> { ["a"] = Digits.Text(a), ["b"] = Digits.Text(b) },
        };
    }

    protected override ValueTask<Verdict> Verify(VerifyArgs args, CancellationToken cancellationToken) =>
        ValueTask.FromResult(args.FinalAnswer is { } answer && !MathChecker.IsFinalNumber(answer, allowFraction: false)
            ? Verdict.Wrong("the answer must be a single number, not an expression")
            : Checker.Check(args.Problem.Answer, args.FinalAnswer));

    public override string? Solve(Problem problem)
    {
        string a = problem.Metadata["a"], b = problem.Metadata["b"];
        var steps = new StringBuilder($"Subtract {b} from {a} column by column from the right.\n");
        var written = new StringBuilder();
        int borrow = 0;
        for (int place = 0; place < a.Length; place++)
        {
            int top = Digits.At(a, place), bottom = Digits.At(b, place), difference = top - borrow - bottom;
            if (difference >= 0)
            {
                steps.Append($"{top} - {borrow} - {bottom} = {difference}, write {difference}, borrow 0\n");
                borrow = 0;
            }
            else
            {
                difference += 10;
                steps.Append($"{top} - {borrow} - {bottom} is negative, so 1{top} - {borrow} - {bottom} = {difference}, write {difference}, borrow 1\n");
                borrow = 1;
            }
            written.Insert(0, difference);
        }
        var digits = written.ToString();
        var result = BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        steps.Append(digits.Length > 1 && digits[0] == '0'
            ? $"The written digits give {digits}, which is {result} without the leading zeros."
            : $"The written digits give {digits}.");
        return R1Format.Compose(steps.ToString(), $"<answer>{problem.Answer}</answer>");
    }
}
