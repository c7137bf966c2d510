using System.ComponentModel.DataAnnotations;
using System.Numerics;
using System.Text;
using R1Gym.Abstractions;

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
internal sealed class SubtractionTask(SubtractionOptions options) : BinaryArithmeticTask<SubtractionOptions>(options)
{
    protected override char Operator => '-';

    /// <summary>The larger number first, so the difference is never negative.</summary>
    protected override (BigInteger A, BigInteger B, int Difficulty) Operands(Random random)
    {
        var a = Digits.Random(random, Options.Digits);
        var b = Digits.Random(random, Options.Digits);
        return a < b ? (b, a, Options.Digits) : (a, b, Options.Digits);
    }

    protected override BigInteger Apply(BigInteger a, BigInteger b) => a - b;

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
