using System.ComponentModel.DataAnnotations;
using System.Numerics;
using System.Text;
using R1Gym.Abstractions;

namespace R1Gym.Tasks.Math.Arithmetic;

/// <summary>Knobs of <c>math/multiplication-v1</c>.</summary>
public sealed record MultiplicationOptions : TaskOptions
{
    /// <summary>Digits of the first number. Default: 3.</summary>
    [Range(1, 20)]
    public int Digits { get; init; } = 3;

    /// <summary>Digits of the multiplier; each one adds a partial product. Default: 2.</summary>
    [Range(1, 10)]
    public int MultiplierDigits { get; init; } = 2;
}

/// <summary>
/// Long multiplication. The worked solution multiplies the first number by each digit of the multiplier from the
/// right (digit by digit, with carries), shifts each partial product by its place and adds them up.
/// </summary>
internal sealed class MultiplicationTask(MultiplicationOptions options) : BinaryArithmeticTask<MultiplicationOptions>(options)
{
    protected override char Operator => '*';

    protected override (BigInteger A, BigInteger B, int Difficulty) Operands(Random random) =>
        (Digits.Random(random, Options.Digits), Digits.Random(random, Options.MultiplierDigits), Options.Digits + Options.MultiplierDigits);

    protected override BigInteger Apply(BigInteger a, BigInteger b) => a * b;

    public override string? Solve(Problem problem)
    {
        string a = problem.Metadata["a"], b = problem.Metadata["b"];
        var bigA = BigInteger.Parse(a, System.Globalization.CultureInfo.InvariantCulture);
        var steps = new StringBuilder($"Multiply {a} by each digit of {b}, starting from the right.\n");
        var partials = new List<BigInteger>();
        for (int place = 0; place < b.Length; place++)
        {
            int digit = Digits.At(b, place);
            var product = bigA * digit;
            if (digit > 1)
                WriteDigitProduct(steps, a, digit);
            var shifted = product * BigInteger.Pow(10, place);
            steps.Append(place == 0
                ? $"{a} x {digit} = {product}\n"
                : $"{a} x {digit} = {product}, shifted {place} place{(place == 1 ? "" : "s")}: {shifted}\n");
            partials.Add(shifted);
        }
        if (partials.Count > 1)
        {
            steps.Append("Add the partial products:\n");
            var total = partials[0];
            foreach (var partial in partials.Skip(1))
            {
                steps.Append($"{total} + {partial} = {total + partial}\n");
                total += partial;
            }
        }
        steps.Append($"So {a} x {b} = {problem.Answer}.");
        return R1Format.Compose(steps.ToString(), $"<answer>{problem.Answer}</answer>");
    }

    /// <summary>One line per digit of <paramref name="a"/>: digit x multiplier + carry = value, write, carry.</summary>
    private static void WriteDigitProduct(StringBuilder steps, string a, int digit)
    {
        steps.Append($"{a} x {digit}:\n");
        int carry = 0;
        for (int place = 0; place < a.Length; place++)
        {
            int x = Digits.At(a, place), value = x * digit + carry;
            steps.Append($"{x} x {digit} + {carry} = {value}, write {value % 10}, carry {value / 10}\n");
            carry = value / 10;
        }
        if (carry > 0)
            steps.Append($"final carry: write {carry}\n");
    }
}
