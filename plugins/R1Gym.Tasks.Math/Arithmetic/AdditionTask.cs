using System.ComponentModel.DataAnnotations;
using System.Numerics;
using System.Text;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Math.Arithmetic;

/// <summary>Knobs of <c>math/addition-v1</c>.</summary>
public sealed record AdditionOptions : TaskOptions
{
    /// <summary>Digits of each of the two numbers (the difficulty level). Default: 3.</summary>
    [Range(1, 30)]
    public int Digits { get; init; } = 3;
}

/// <summary>
/// Column addition of two n-digit numbers. The worked solution adds digit by digit from the right with carries, one
/// short line per column, so a small model can learn the algorithm by imitation.
/// </summary>
internal sealed class AdditionTask(AdditionOptions options) : BinaryArithmeticTask<AdditionOptions>(options)
{
    protected override char Operator => '+';

    protected override (BigInteger A, BigInteger B, int Difficulty) Operands(Random random) =>
        (Digits.Random(random, Options.Digits), Digits.Random(random, Options.Digits), Options.Digits);

    protected override BigInteger Apply(BigInteger a, BigInteger b) => a + b;

    public override string? Solve(Problem problem)
    {
        string a = problem.Metadata["a"], b = problem.Metadata["b"];
        var steps = new StringBuilder($"Add {a} and {b} column by column from the right.\n");
        var written = new StringBuilder();
        int carry = 0;
        for (int place = 0; place < System.Math.Max(a.Length, b.Length); place++)
        {
            int x = Digits.At(a, place), y = Digits.At(b, place), sum = x + y + carry;
            steps.Append($"{x} + {y} + {carry} = {sum}, write {sum % 10}, carry {sum / 10}\n");
            written.Insert(0, sum % 10);
            carry = sum / 10;
        }
        if (carry > 0)
        {
            steps.Append($"final carry: write {carry}\n");
            written.Insert(0, carry);
        }
        steps.Append($"The written digits give {written}.");
        return R1Format.Compose(steps.ToString(), $"<answer>{problem.Answer}</answer>");
    }
}
